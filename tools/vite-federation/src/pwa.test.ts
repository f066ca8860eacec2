import { describe, expect, it } from 'vitest';
import { isOfflineRead } from './pwa';

const read = (path: string, method = 'GET', sameOrigin = true) =>
  isOfflineRead({ url: new URL(path, 'http://portal.example'), sameOrigin, request: new Request(new URL(path, 'http://portal.example'), { method }) });

describe('what the service worker keeps for offline use', () => {
  it('keeps the reads a field team works from: the layer, a feature, the regions, tiles, thumbnails, who is signed in', () => {
    for (const path of ['/api/checks/layers/houses', '/api/features/houses/12', '/api/regions/villages', '/api/tiles/houses/12/3300/1500.mvt', '/api/attachments/7/thumbnail', '/api/attachments?layer=houses&feature=12', '/api/me', '/api/config']) {
      expect(read(path), path).toBe(true);
    }
  });

  it('never keeps writes, logins, downloads, imports, administration, event streams, originals of files or other sites', () => {
    expect(read('/api/features/houses/12', 'PATCH')).toBe(false);
    for (const path of ['/api/auth/login', '/api/exports/houses', '/api/briefings/village/150525100200', '/api/imports/abc', '/api/admin/users', '/api/admin/jobs/3/events', '/api/attachments/7', '/apps/housing/remoteEntry.js']) {
      expect(read(path), path).toBe(false);
    }
    expect(read('/api/checks/layers/houses', 'GET', false)).toBe(false);
  });
});

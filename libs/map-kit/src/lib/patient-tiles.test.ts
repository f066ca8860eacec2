import { describe, expect, it } from 'vitest';
import { patientTileLoader, patientTileUrl } from './patient-tiles';

describe('patient tiles', () => {
  it('reads the address behind the scheme, with MapLibre\'s abort signal, and gives MapLibre its bytes', async () => {
    const asked: Array<{ url: string; signal: AbortSignal }> = [];
    const load = patientTileLoader(async (url, init) => {
      asked.push({ url, ...init });
      return new Response(new Uint8Array([26, 3, 1]), { headers: { 'cache-control': 'private, no-cache' } });
    });
    const abort = new AbortController();
    const url = patientTileUrl('/api/tiles/roads/{z}/{x}/{y}.mvt').replace('{z}/{x}/{y}', '12/3415/1540');
    const tile = await load({ url }, abort);
    expect(asked).toEqual([{ url: '/api/tiles/roads/12/3415/1540.mvt', signal: abort.signal }]);
    expect([...new Uint8Array(tile.data)]).toEqual([26, 3, 1]);
    expect(tile.cacheControl).toBe('private, no-cache');
  });

  it('fails a tile the portal still refuses, so MapLibre reports it', async () => {
    const load = patientTileLoader(async () => new Response('busy', { status: 503, statusText: 'Service Unavailable' }));
    await expect(load({ url: patientTileUrl('/api/tiles/roads/1/1/1.mvt') }, new AbortController())).rejects.toThrow(/503/);
  });
});

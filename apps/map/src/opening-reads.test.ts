import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { MAP_OPENING_READS } from '@cuntu/api-contract';

describe('the map\'s opening reads', () => {
  const asked: string[] = [];
  beforeAll(() => {
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      const body = url.endsWith('/config') ? { basemap: null } : { type: 'FeatureCollection', features: [] };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    });
  });
  afterAll(() => vi.unstubAllGlobals());

  it('ask for the addresses the shell\'s page names for the browser to fetch with it, and for nothing else', async () => {
    // The reads start as the module is evaluated.
    const { takeOpeningReads } = await import('./opening-reads');
    const reads = await takeOpeningReads();
    expect(reads.counties.features).toEqual([]);
    expect([...asked].sort()).toEqual([...MAP_OPENING_READS].sort());
  });
});

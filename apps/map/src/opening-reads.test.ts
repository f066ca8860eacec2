import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAP_OPENING_READS } from '@cuntu/api-contract';

/** A page whose head holds fetch preloads of `addresses` (what the shell's page carries with a session). */
const pageNaming = (addresses: readonly string[]) => ({
  documentElement: { lang: 'zh-CN' },
  querySelectorAll: (selector: string) => (selector === 'link[rel="preload"][as="fetch"]' ? addresses.map((href) => ({ getAttribute: (name: string) => (name === 'href' ? href : null) })) : []),
}) as unknown as Pick<Document, 'querySelectorAll'>;
/** Lets what the module started on evaluation reach `fetch`. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('the map\'s opening reads', () => {
  const asked: string[] = [];
  beforeEach(() => {
    asked.length = 0;
    vi.resetModules();
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      const body = url.endsWith('/config') ? { basemap: null } : { type: 'FeatureCollection', features: [] };
      return new Response(JSON.stringify(body), { headers: { 'content-type': 'application/json' } });
    });
  });
  afterEach(() => vi.unstubAllGlobals());

  it('start as the module is evaluated on a page naming them, and ask for exactly the addresses it names', async () => {
    vi.stubGlobal('document', pageNaming(MAP_OPENING_READS));
    const { takeOpeningReads } = await import('./opening-reads');
    await settle();
    expect([...asked].sort()).toEqual([...MAP_OPENING_READS].sort());
    const reads = await takeOpeningReads();
    expect(reads.counties.features).toEqual([]);
    expect(asked).toHaveLength(MAP_OPENING_READS.length);
  });

  it('wait for the map on a page that names none (the login page), where they would be refused', async () => {
    vi.stubGlobal('document', pageNaming([]));
    const { takeOpeningReads } = await import('./opening-reads');
    await settle();
    expect(asked).toEqual([]);
    await takeOpeningReads();
    expect([...asked].sort()).toEqual([...MAP_OPENING_READS].sort());
  });

  it('are named only when the page names every one', async () => {
    const { pageNamesOpeningReads } = await import('./opening-reads');
    expect(pageNamesOpeningReads(pageNaming(MAP_OPENING_READS))).toBe(true);
    expect(pageNamesOpeningReads(pageNaming(MAP_OPENING_READS.slice(1)))).toBe(false);
    expect(pageNamesOpeningReads(undefined)).toBe(false);
  });
});

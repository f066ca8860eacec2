import { describe, expect, it } from 'vitest';
import type { StyleSpecification } from 'maplibre-gl';
import { createOfflineStyle, loadBasemap } from './offline-style';

describe('the offline style', () => {
  it('needs no internet: no glyphs, sprite or remote sources', () => {
    const style = createOfflineStyle();
    expect(style.glyphs).toBeUndefined();
    expect(style.sprite).toBeUndefined();
    expect(Object.values(style.sources).every((s) => s.type === 'geojson')).toBe(true);
  });

  it('puts a configured raster basemap under our layers', () => {
    const style = createOfflineStyle({ tiles: ['https://tiles.example/{z}/{x}/{y}.png'], attribution: 'Example' });
    expect(style.sources.basemap).toMatchObject({ type: 'raster', tiles: ['https://tiles.example/{z}/{x}/{y}.png'] });
    expect(style.layers.map((l) => l.id).slice(0, 2)).toEqual(['background', 'basemap']);
  });

  it('puts a whole basemap style under our layers, renamed so nothing clashes', () => {
    const remote: StyleSpecification = {
      version: 8, glyphs: 'https://fonts.example/{fontstack}/{range}.pbf',
      sources: { county: { type: 'vector', url: 'https://tiles.example/tiles.json' } },
      layers: [{ id: 'background', type: 'background' }, { id: 'water', type: 'fill', source: 'county', 'source-layer': 'water' }],
    };
    const style = createOfflineStyle({ style: remote });
    expect(style.layers.map((l) => l.id).slice(0, 3)).toEqual(['basemap-background', 'basemap-water', 'county-fill']);
    expect(style.layers[1]).toMatchObject({ source: 'basemap-county' });
    expect(style.sources['basemap-county']).toMatchObject({ type: 'vector' });
    expect(style.sources.county).toMatchObject({ type: 'geojson' });
    expect(style.glyphs).toBe(remote.glyphs);
  });

  it('loads a basemap style from its URL, and draws without one when it cannot', async () => {
    const remote = { version: 8, sources: {}, layers: [] };
    const ok = (async () => new Response(JSON.stringify(remote))) as unknown as typeof fetch;
    expect(await loadBasemap({ styleUrl: 'https://styles.example/a.json' }, ok)).toEqual({ style: remote });
    const down = (async () => new Response('no', { status: 503 })) as unknown as typeof fetch;
    expect(await loadBasemap({ styleUrl: 'https://styles.example/a.json' }, down)).toBeNull();
    expect(await loadBasemap(null)).toBeNull();
  });
});

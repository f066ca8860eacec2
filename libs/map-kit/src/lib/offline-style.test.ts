import { describe, expect, it } from 'vitest';
import { createOfflineStyle } from './offline-style';

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
});

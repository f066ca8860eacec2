import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { countyStyle } from './county-style';
import { REGION_SOURCES } from './offline-style';

describe('the county style', () => {
  const towns = { features: [{ properties: { name: '大沁他拉镇', seat: [120.65, 42.85] as [number, number] } }, { properties: { name: '无驻地', seat: null } }] };
  const outline = { type: 'Feature', properties: { name: '奈曼旗' }, geometry: { type: 'Polygon', coordinates: [[[120, 42], [121, 42], [121, 43], [120, 42]]] } };
  const counties = { type: 'FeatureCollection', features: [outline] };
  const villages = { type: 'FeatureCollection', features: [] };

  it('carries the regions from the start, each town labelled once at its seat', () => {
    const style = countyStyle(null, { counties, towns, villages });
    const data = (source: string) => (style.sources[source] as { data: unknown }).data;
    expect(data(REGION_SOURCES.towns)).toBe(towns);
    expect(data(REGION_SOURCES.villages)).toBe(villages);
    // The seats ride with the county's outlines: one source, processed first, its labels drawn with them.
    expect(data(REGION_SOURCES.county)).toEqual({
      type: 'FeatureCollection',
      features: [outline, { type: 'Feature', geometry: { type: 'Point', coordinates: [120.65, 42.85] }, properties: { name: '大沁他拉镇' } }],
    });
    const layer = (id: string) => style.layers.find((l) => l.id === id) as { source: string; filter: unknown };
    expect(layer('town-label')).toMatchObject({ source: REGION_SOURCES.county, filter: ['==', ['geometry-type'], 'Point'] });
    for (const id of ['county-fill', 'county-line']) expect(layer(id), id).toMatchObject({ source: REGION_SOURCES.county, filter: ['!=', ['geometry-type'], 'Point'] });
    expect(Object.keys(style.sources).sort()).toEqual([REGION_SOURCES.county, REGION_SOURCES.towns, REGION_SOURCES.villages].sort());
  });

  it('draws the data layers over the outlines and under the town labels', () => {
    const layer = { id: 'data-roads', type: 'line', source: 'data-roads' } as LayerSpecification;
    const ids = countyStyle(null, { counties, towns, villages }, [layer]).layers.map((l) => l.id);
    expect(ids.indexOf('data-roads')).toBeGreaterThan(0);
    expect(ids.indexOf('data-roads')).toBe(ids.indexOf('town-label') - 1);
  });

  it('draws village dots and names from the villages\' vector tiles where the map has them: no committees read whole', () => {
    const style = countyStyle(null, { counties, towns, villages: { tiled: { source: 'data-villages', sourceLayer: 'villages' } } });
    expect(style.sources[REGION_SOURCES.villages]).toBeUndefined();
    for (const id of ['village-dot', 'village-label']) {
      expect(style.layers.find((l) => l.id === id), id).toMatchObject({ source: 'data-villages', 'source-layer': 'villages' });
    }
  });
});

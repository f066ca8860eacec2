import { describe, expect, it } from 'vitest';
import type { LayerSpecification } from 'maplibre-gl';
import { countyStyle } from './county-style';
import { REGION_SOURCES } from './offline-style';

describe('the county style', () => {
  const towns = { features: [{ properties: { name: '大沁他拉镇', seat: [120.65, 42.85] as [number, number] } }, { properties: { name: '无驻地', seat: null } }] };
  const counties = { type: 'FeatureCollection', features: [] };
  const villages = { type: 'FeatureCollection', features: [] };

  it('carries the regions from the start, each town labelled once at its seat', () => {
    const style = countyStyle(null, { counties, towns, villages });
    const data = (source: string) => (style.sources[source] as { data: unknown }).data;
    expect(data(REGION_SOURCES.county)).toBe(counties);
    expect(data(REGION_SOURCES.towns)).toBe(towns);
    expect(data(REGION_SOURCES.villages)).toBe(villages);
    expect(data(REGION_SOURCES.townLabels)).toEqual({
      type: 'FeatureCollection',
      features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [120.65, 42.85] }, properties: { name: '大沁他拉镇' } }],
    });
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

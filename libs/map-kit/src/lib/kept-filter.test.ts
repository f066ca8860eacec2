import { describe, expect, it } from 'vitest';
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { keptFeatures } from './kept-filter';
import type { MapFilter } from './map.store';

const NONE: MapFilter = { town: null, rule: null, verdict: null, attribute: null };
/** A feature as a vector tile hands it to MapLibre: a numeric id, its attributes with the verdicts. */
const tileFeature = (id: number, properties: Record<string, unknown>) => ({ type: 1, id, properties, geometry: [] });
const keeps = (expression: unknown, feature: ReturnType<typeof tileFeature>) =>
  featureFilter(expression as never, 'layers[0].filter').filter({ zoom: 10 }, feature as never);

describe("the map's filter on vector tiles", () => {
  it('keeps every feature when nothing is filtered, and asks the API for all of them', () => {
    expect(keptFeatures('villages', NONE, null)).toEqual({ expression: null, query: {} });
  });

  it("keeps the features with the rule's verdict on the layers the rule judges, by the verdict the tile carries", () => {
    const filter = { ...NONE, rule: 'village.paved_road', verdict: 'fail' as const };
    const villages = keptFeatures('villages', filter, null);
    expect(villages.query).toEqual({ rule: 'village.paved_road', verdict: 'fail' });
    expect(keeps(villages.expression, tileFeature(150525100200, { 'village.paved_road': 'fail' }))).toBe(true);
    expect(keeps(villages.expression, tileFeature(150525100201, { 'village.paved_road': 'pass' }))).toBe(false);
    expect(keeps(villages.expression, tileFeature(150525100202, {}))).toBe(false);
    // Roads carry no verdict of 通村: all drawn.
    expect(keptFeatures('roads', filter, null)).toEqual({ expression: null, query: {} });
  });

  it("keeps a town's villages by their code's first nine digits, with the rule's verdict when both are asked", () => {
    const filter = { ...NONE, town: '150525100000', rule: 'village.paved_road', verdict: 'unknown' as const };
    const { expression, query } = keptFeatures('villages', filter, null);
    expect(query).toEqual({ rule: 'village.paved_road', verdict: 'unknown', town: '150525100000' });
    expect(keeps(expression, tileFeature(150525100213, { 'village.paved_road': 'unknown' }))).toBe(true);
    expect(keeps(expression, tileFeature(150525101213, { 'village.paved_road': 'unknown' }))).toBe(false);
    expect(keeps(expression, tileFeature(150525100213, { 'village.paved_road': 'pass' }))).toBe(false);
    // The town narrows the villages only.
    expect(keptFeatures('houses', { ...NONE, town: '150525100000' }, null)).toEqual({ expression: null, query: {} });
  });

  it("keeps the attribute filter's matches on its layer (none until they are found), counted by the property's value", () => {
    const filter: MapFilter = { ...NONE, rule: 'road.width', verdict: 'fail', attribute: { layer: 'roads', property: 'surface', value: 'gravel' } };
    expect(keptFeatures('roads', filter, null).query).toEqual({ property: 'surface', value: 'gravel' });
    expect(keeps(keptFeatures('roads', filter, null).expression, tileFeature(7, {}))).toBe(false);
    const found = keptFeatures('roads', filter, ['7', '9']).expression;
    expect([7, 8, 9].map((id) => keeps(found, tileFeature(id, { 'road.width': 'pass' })))).toEqual([true, false, true]);
  });
});

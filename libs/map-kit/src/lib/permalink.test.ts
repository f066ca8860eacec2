import { describe, expect, it } from 'vitest';
import { MAP_LAYERS } from './layer-catalogue';
import { decodePermalink, encodePermalink, mapLink, type PermalinkState } from './permalink';

const base = (): PermalinkState => ({
  view: null,
  layers: Object.fromEntries(MAP_LAYERS.map((l) => [l.id, { visible: l.visible, opacity: 1, colourBy: null }])) as PermalinkState['layers'],
  filter: { town: null, rule: null, verdict: null, attribute: null },
  selection: null,
});

describe('permalinks', () => {
  it('round-trip view, layers with opacity and colouring, filter and selection', () => {
    const state = base();
    state.view = { center: [120.66312, 42.84512], zoom: 9.5 };
    state.layers.roads = { visible: true, opacity: 0.6, colourBy: 'road.width' };
    state.layers.houses = { visible: true, opacity: 1, colourBy: null };
    state.layers.water_sources = { visible: false, opacity: 1, colourBy: null };
    state.filter = { town: '150525100000', rule: 'village.paved_road', verdict: 'fail', attribute: { layer: 'roads', property: 'surface', value: 'gravel' } };
    state.selection = { layer: 'villages', id: '150525100200' };
    const decoded = decodePermalink(new URLSearchParams(encodePermalink(state).toString()), base());
    expect(decoded).toEqual(state);
  });

  it('ignores malformed parts instead of failing', () => {
    const decoded = decodePermalink(new URLSearchParams('v=a,b,c&l=bridges,roads:7&s=nothing&a=roads~surface~lava'), base());
    expect(decoded.filter.attribute).toBeNull();
    expect(decoded.view).toBeNull();
    expect(decoded.layers.roads).toEqual({ visible: true, opacity: 1, colourBy: null });
    expect(decoded.selection).toBeNull();
  });

  it('links a dashboard figure to the map showing exactly what it counts', () => {
    const url = mapLink({ layers: [{ id: 'villages', colourBy: 'village.paved_road' }, { id: 'roads' }], town: '150525100000', rule: 'village.paved_road', verdict: 'fail' });
    expect(url.startsWith('/map?')).toBe(true);
    const state = decodePermalink(new URLSearchParams(url.slice(5)), base());
    expect(state.filter).toMatchObject({ town: '150525100000', rule: 'village.paved_road', verdict: 'fail' });
    expect(MAP_LAYERS.filter((l) => state.layers[l.id].visible).map((l) => l.id).sort()).toEqual(['roads', 'villages']);
    expect(state.layers.villages.colourBy).toBe('village.paved_road');
  });
});

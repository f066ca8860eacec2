import { describe, expect, it } from 'vitest';
import { createPinia, setActivePinia } from 'pinia';
import { HEADLINE_RULES, MAP_LAYERS, rulesForLayer } from './layer-catalogue';
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { circleStroke, idFilter } from './layer-style';
import { useMapStore } from './map.store';

describe('the map opens on verdicts', () => {
  it('colours every judged layer of the planner\'s map by a headline rule it carries', () => {
    for (const layer of MAP_LAYERS) {
      const rules = rulesForLayer(layer.id).map((r) => r.id);
      if (rules.length) expect(rules, layer.id).toContain(HEADLINE_RULES[layer.id]);
    }
    setActivePinia(createPinia());
    const store = useMapStore();
    expect(store.layers.villages.colourBy).toBe('village.paved_road');
    expect(store.layers.houses.colourBy).toBe('house.safety');
    expect(MAP_LAYERS.map((l) => l.id)).toContain('facilities');
  });

  it('rings failing points, and approximately placed ones before that', () => {
    expect(circleStroke('village.paved_road')['circle-stroke-color']).toEqual(['case', ['==', ['get', 'locationApproximate'], true], '#7b1fa2', ['==', ['get', 'village.paved_road'], 'fail'], '#7f1010', '#fff']);
    expect(circleStroke(null)['circle-stroke-width']).toEqual(['case', ['==', ['get', 'locationApproximate'], true], 2.5, false, 2, 1]);
  });
});

describe('filters by feature id', () => {
  it('match a feature id, from a vector tile (a number, a village code too) or promoted from GeoJSON (a code): a selected road is highlighted', () => {
    const keeps = (ids: string[], id: string | number) => featureFilter(idFilter(ids), 'layers[0].filter').filter({ zoom: 10 }, { type: 1, id, properties: {}, geometry: [] } as never);
    expect(keeps(['12', '150525100200'], 12)).toBe(true);
    expect(keeps(['12', '150525100200'], '150525100200')).toBe(true);
    expect(keeps(['12'], 13)).toBe(false);
  });
});

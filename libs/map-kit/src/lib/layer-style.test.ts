import { describe, expect, it } from 'vitest';
import type { FilterSpecification } from 'maplibre-gl';
import { MAP_LAYERS } from './layer-catalogue';
import { highlightLayerId, idFilter, layerFilters, layerSpecifications, styleLayerId } from './layer-style';

describe('layerFilters', () => {
  // MapLibre compares a new filter with the layer's own (`deepEqual`) and, if they differ, parses every
  // tile of the layer's source again. The map applies these filters as it opens, before any filter is set.
  it('gives a layer with nothing kept out or ringed exactly the filters its style layers start with', () => {
    for (const def of MAP_LAYERS) {
      const started = Object.fromEntries(layerSpecifications(def, { ruleId: null, opacity: 1, visible: true, tiled: true }).map((l) => [l.id, 'filter' in l ? l.filter : undefined]));
      expect(layerFilters(def.id, null, []), def.id).toStrictEqual(started);
    }
  });

  it('draws what the filter keeps and rings its matches and the selection', () => {
    const failing: FilterSpecification = ['==', ['get', 'road.paved'], 'fail'];
    const filters = layerFilters('roads', failing, [failing, idFilter(['7'])]);
    expect(filters[styleLayerId('roads')]).toEqual(failing);
    expect(filters[highlightLayerId('roads')]).toEqual(['any', failing, idFilter(['7'])]);
  });
});

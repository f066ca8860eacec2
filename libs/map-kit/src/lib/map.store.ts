import { defineStore } from 'pinia';
import { HEADLINE_RULES, MAP_LAYERS, type MapLayerId } from './layer-catalogue';

export interface MapViewState {
  center: [number, number];
  zoom: number;
}

export interface LayerState {
  visible: boolean;
  opacity: number;
  /** The rule whose verdicts colour the layer, or null. */
  colourBy: string | null;
}

/** Features of one layer whose coded property has a value (roads whose surface is gravel). */
export interface AttributeFilter {
  layer: MapLayerId;
  property: string;
  value: string;
}

export interface MapFilter {
  town: string | null;
  rule: string | null;
  verdict: 'pass' | 'fail' | 'unknown' | null;
  attribute: AttributeFilter | null;
}

export interface Selection {
  layer: MapLayerId;
  id: string;
}

/** Each layer as the map opens: shown or not by its definition, coloured by its headline rule. */
const initialLayers = () => Object.fromEntries(MAP_LAYERS.map((l) => [l.id, { visible: l.visible, opacity: 1, colourBy: HEADLINE_RULES[l.id] ?? null }])) as Record<MapLayerId, LayerState>;

/** The shared map state every app reads and changes: view, layers, filter, selection. */
export const useMapStore = defineStore('cuntu-map', {
  state: () => ({
    view: null as MapViewState | null,
    layers: initialLayers(),
    filter: { town: null, rule: null, verdict: null, attribute: null } as MapFilter,
    selection: null as Selection | null,
  }),
  actions: {
    setLayer(layer: MapLayerId, change: Partial<LayerState>) {
      this.layers[layer] = { ...this.layers[layer], ...change };
    },
    select(selection: Selection | null) {
      this.selection = selection;
    },
    setFilter(filter: Partial<MapFilter>) {
      this.filter = { ...this.filter, ...filter };
    },
  },
});

export type MapStore = ReturnType<typeof useMapStore>;

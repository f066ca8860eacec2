import { shallowRef, type InjectionKey, type ShallowRef } from 'vue';
import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from '@cuntu/domain';
import type { MapLayerId } from '@cuntu/map-kit';
import { createApiClient } from '@cuntu/api-client';

/** What the map app's panels share: the MapLibre map and the data drawn on it. */
export interface MapContext {
  map: ShallowRef<maplibregl.Map | null>;
  /** Each data layer's features with their verdicts as properties. */
  layers: ShallowRef<Partial<Record<MapLayerId, FeatureCollection>>>;
  towns: ShallowRef<FeatureCollection<{ code: string; name: string }> | null>;
  /** The features the attribute filter selects (fetched from the features API), or null. */
  attributeMatches: ShallowRef<{ layer: MapLayerId; features: Array<{ id: string; name: string; geometry: { type: string; coordinates: unknown } }> } | null>;
  /** Flies to a feature's geometry. */
  zoomTo(geometry: { type: string; coordinates: unknown }): void;
  /** Fetches a layer with its verdicts (once) into `layers`. */
  loadLayer(layer: MapLayerId): Promise<FeatureCollection>;
  /** Reads a layer again after a write (when it was read before). */
  reloadLayer(layer: MapLayerId): Promise<void>;
}

export const MAP_CONTEXT: InjectionKey<MapContext> = Symbol('cuntu-map-context');

export function createMapContext(): MapContext {
  const map = shallowRef<maplibregl.Map | null>(null);
  const layers = shallowRef<Partial<Record<MapLayerId, FeatureCollection>>>({});
  const pending = new Map<MapLayerId, Promise<FeatureCollection>>();
  return {
    map,
    layers,
    loadLayer(layer) {
      const loaded = layers.value[layer];
      if (loaded) return Promise.resolve(loaded);
      if (!pending.has(layer)) {
        pending.set(layer, createApiClient().checksLayer(layer).then((data) => {
          layers.value = { ...layers.value, [layer]: data };
          return data;
        }));
      }
      return pending.get(layer)!;
    },
    async reloadLayer(layer) {
      if (!pending.has(layer)) return;
      pending.delete(layer);
      const others = { ...layers.value };
      delete others[layer];
      layers.value = others;
      await this.loadLayer(layer);
    },
    towns: shallowRef(null),
    attributeMatches: shallowRef(null),
    zoomTo(geometry) {
      const coords: number[][] = [];
      const walk = (c: unknown) => (Array.isArray(c) && typeof c[0] === 'number' ? coords.push(c as number[]) : Array.isArray(c) && c.forEach(walk));
      walk(geometry.coordinates);
      if (!map.value || coords.length === 0) return;
      const xs = coords.map((c) => c[0]);
      const ys = coords.map((c) => c[1]);
      if (coords.length === 1) map.value.flyTo({ center: [xs[0], ys[0]], zoom: Math.max(map.value.getZoom(), 12), duration: 0 });
      else map.value.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 80, maxZoom: 14, duration: 0 });
    },
  };
}

import { shallowRef, type InjectionKey, type ShallowRef } from 'vue';
import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from '@cuntu/domain';
import { rulesForLayer, useMapStore, type MapLayerId } from '@cuntu/map-kit';
import { createApiClient } from '@cuntu/api-client';

/** What the map app's panels share: the MapLibre map and the data drawn on it. */
export interface MapContext {
  map: ShallowRef<maplibregl.Map | null>;
  /** Each data layer's features with their verdicts as properties. */
  layers: ShallowRef<Partial<Record<MapLayerId, FeatureCollection>>>;
  towns: ShallowRef<FeatureCollection<{ code: string; name: string }> | null>;
  /** The features the attribute filter selects (fetched from the features API), or null. */
  attributeMatches: ShallowRef<{ layer: MapLayerId; features: Array<{ id: string; name: string; geometry: { type: string; coordinates: unknown } }> } | null>;
  /**
   * The features the filter keeps of a layer, or null when it keeps them all: an attribute filter's
   * matches, the features with the rule's verdict, the villages of the town. What the map draws and its
   * legend counts.
   */
  kept(layer: MapLayerId): KeptFeature[] | null;
  /** Flies to a feature's geometry. */
  zoomTo(geometry: { type: string; coordinates: unknown }): void;
  /** Fetches a layer with its verdicts (once) into `layers`. */
  loadLayer(layer: MapLayerId): Promise<FeatureCollection>;
  /** Reads a layer again after a write (when it was read before). */
  reloadLayer(layer: MapLayerId): Promise<void>;
}

/** A feature the filter keeps: its id, its geometry, and its properties with verdicts when its layer is read. */
export interface KeptFeature { id: string; geometry: { type: string; coordinates: unknown }; properties: Record<string, unknown> }

export const MAP_CONTEXT: InjectionKey<MapContext> = Symbol('cuntu-map-context');

export function createMapContext(): MapContext {
  const map = shallowRef<maplibregl.Map | null>(null);
  const layers = shallowRef<Partial<Record<MapLayerId, FeatureCollection>>>({});
  const pending = new Map<MapLayerId, Promise<FeatureCollection>>();
  const attributeMatches: MapContext['attributeMatches'] = shallowRef(null);
  const store = useMapStore();
  const asKept = (f: FeatureCollection['features'][number]): KeptFeature => ({ id: String(f.properties.id), geometry: f.geometry as KeptFeature['geometry'], properties: f.properties });
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
    attributeMatches,
    kept(layer) {
      const { rule, verdict, town } = store.filter;
      const features = layers.value[layer]?.features;
      const matches = attributeMatches.value;
      if (matches?.layer === layer) {
        // The matches with their verdicts when the layer is read (its legend counts them), else as found.
        const byId = new Map((features ?? []).map((f) => [String(f.properties.id), f]));
        return matches.features.map((m) => (byId.has(m.id) ? asKept(byId.get(m.id)!) : { id: m.id, geometry: m.geometry, properties: { id: m.id, name: m.name } }));
      }
      const judged = rule && verdict && rulesForLayer(layer).some((r) => r.id === rule);
      if (!judged && !(town && layer === 'villages')) return null;
      return (features ?? [])
        .filter((f) => (!judged || f.properties[rule!] === verdict) && (!town || layer !== 'villages' || String(f.properties.id).startsWith(town.slice(0, 9))))
        .map(asKept);
    },
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

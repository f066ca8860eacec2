import { shallowRef, watch, type InjectionKey, type ShallowRef } from 'vue';
import type * as maplibregl from 'maplibre-gl';
import type { FeatureCollection } from '@cuntu/domain';
import { keptFeatures, MAP_LAYERS, sourceId, useMapStore, type MapLayerId } from '@cuntu/map-kit';
import { createApiClient, type CurrentUser, type LayerCounts } from '@cuntu/api-client';
import type { Locale } from '@cuntu/messages';
import { createTaskLayer, type TaskLayer } from './tasks/task-layer';

/**
 * What the map app's panels share: the MapLibre map (its layers drawn from vector tiles), what the
 * filter keeps of each layer and the API's counts of it. No layer is read whole.
 */
export interface MapContext {
  map: ShallowRef<maplibregl.Map | null>;
  towns: ShallowRef<FeatureCollection<{ code: string; name: string }> | null>;
  /** The features the attribute filter selects (fetched from the features API), or null. */
  attributeMatches: ShallowRef<{ layer: MapLayerId; features: Array<{ id: string; name: string; geometry: { type: string; coordinates: unknown } }> } | null>;
  /** What the filter keeps of a layer: the MapLibre filter the map draws it with, and the same as the API's query. */
  kept(layer: MapLayerId): ReturnType<typeof keptFeatures>;
  /** How many features each layer holds in the reader's region (read once; a hidden layer's legend, the village count). */
  stored: ShallowRef<Partial<Record<MapLayerId, number>>>;
  /** Each shown layer's features the filter keeps, counted per rule and verdict by the API, with their box: the legend. */
  counts: ShallowRef<Partial<Record<MapLayerId, LayerCounts>>>;
  /** Counts the shown layers under the current filter (once per filter and layers, however many ask). */
  refreshCounts(): Promise<Partial<Record<MapLayerId, LayerCounts>>>;
  /** After a write to a layer: its tiles and its counts read again. */
  layerChanged(layer: MapLayerId): Promise<void>;
  /** Flies to a feature's geometry. */
  zoomTo(geometry: { type: string; coordinates: unknown }): void;
  /** Who is reading (their roles, teams and the layers they may edit), read once for every panel; null until known or when nobody is logged in. */
  me: ShallowRef<CurrentUser | null>;
  /** The rectification tasks' layer. */
  tasks: TaskLayer;
  /** After tasks were set: their layer and the lists showing them read again. */
  tasksChanged(): void;
  /** Counts the times tasks were set here, for lists that follow them. */
  tasksRevision: ShallowRef<number>;
}

export const MAP_CONTEXT: InjectionKey<MapContext> = Symbol('cuntu-map-context');

export function createMapContext(locale: () => Locale): MapContext {
  const api = createApiClient();
  const store = useMapStore();
  const map = shallowRef<maplibregl.Map | null>(null);
  const attributeMatches: MapContext['attributeMatches'] = shallowRef(null);
  const counts: MapContext['counts'] = shallowRef({});
  const stored: MapContext['stored'] = shallowRef({});
  void api.layerCounts().then((answer) => (stored.value = Object.fromEntries(answer.layers.map((l) => [l.layer, l.count]))), () => undefined);
  const kept = (layer: MapLayerId) => keptFeatures(layer, store.filter, attributeMatches.value?.layer === layer ? attributeMatches.value.features.map((f) => f.id) : null);

  /** The counts being fetched, by what they count: a second asker shares them; a newer ask supersedes them. */
  let counting: { key: string; done: Promise<Partial<Record<MapLayerId, LayerCounts>>> } | null = null;
  let written = 0;
  function refreshCounts() {
    const shown = MAP_LAYERS.filter((l) => store.layers[l.id].visible).map((l) => l.id);
    const asked = shown.map((layer) => [layer, kept(layer).query] as const);
    const key = JSON.stringify([asked, written]);
    if (counting?.key === key) return counting.done;
    const done = Promise.all(asked.map(([layer, query]) => api.checksLayerCounts(layer, query).then((c) => [layer, c] as const, () => null)))
      .then((answers) => {
        const found = Object.fromEntries(answers.filter((a) => a !== null)) as Partial<Record<MapLayerId, LayerCounts>>;
        if (counting?.key === key) counts.value = found;
        return found;
      });
    counting = { key, done };
    return done;
  }
  watch(() => JSON.stringify([store.filter, MAP_LAYERS.map((l) => store.layers[l.id].visible)]), () => void refreshCounts(), { immediate: true });

  const me: MapContext['me'] = shallowRef(null);
  void api.me().then((user) => (me.value = user), () => undefined);
  const tasks = createTaskLayer(map, locale);
  const tasksRevision = shallowRef(0);
  return {
    map,
    me,
    tasks,
    tasksRevision,
    tasksChanged() {
      tasks.changed();
      tasksRevision.value++;
    },
    towns: shallowRef(null),
    attributeMatches,
    kept,
    stored,
    counts,
    refreshCounts,
    async layerChanged(layer) {
      written++;
      if (map.value?.getSource(sourceId(layer))) map.value.refreshTiles(sourceId(layer));
      await refreshCounts();
    },
    zoomTo(geometry) {
      const coords: number[][] = [];
      const walk = (c: unknown) => (Array.isArray(c) && typeof c[0] === 'number' ? coords.push(c as number[]) : Array.isArray(c) && c.forEach(walk));
      walk(geometry.coordinates);
      if (!map.value || coords.length === 0) return;
      const xs = coords.map((c) => c[0]);
      const ys = coords.map((c) => c[1]);
      // One place (a point, or corners that coincide): flown to; else its box fitted.
      if (Math.min(...xs) === Math.max(...xs) && Math.min(...ys) === Math.max(...ys)) map.value.flyTo({ center: [xs[0], ys[0]], zoom: Math.max(map.value.getZoom(), 12), duration: 0 });
      else map.value.fitBounds([[Math.min(...xs), Math.min(...ys)], [Math.max(...xs), Math.max(...ys)]], { padding: 80, maxZoom: 14, duration: 0 });
    },
  };
}

import { nextTick, shallowRef } from 'vue';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type * as maplibregl from 'maplibre-gl';
import { MAP_LAYERS, styleLayerId, TASK_LAYER, TASK_SOURCE } from '@cuntu/map-kit';
import { createTaskLayer } from './task-layer';

/** A map whose style is loaded, recording what is added to it and what is asked for. */
function loadedMap() {
  const layers = new Map<string, { visibility?: string }>([[styleLayerId(MAP_LAYERS[0].id), {}]]);
  const sources = new Map<string, unknown>();
  const map = {
    getLayer: (id: string) => layers.get(id),
    getSource: (id: string) => sources.get(id),
    addSource: (id: string, source: unknown) => void sources.set(id, source),
    addLayer: (layer: { id: string; layout?: { visibility?: string } }) => void layers.set(layer.id, { visibility: layer.layout?.visibility }),
    setLayoutProperty: (id: string, _: string, value: string) => void (layers.get(id)!.visibility = value),
    on: () => map,
    once: () => map,
  };
  return { map: map as unknown as maplibregl.Map, layers, sources };
}

describe('the rectification tasks\' layer of the planner\'s map', () => {
  const asked: string[] = [];
  beforeAll(() => {
    vi.stubGlobal('fetch', async (url: string) => {
      asked.push(url);
      return new Response(JSON.stringify({ total: 2, items: [] }), { headers: { 'content-type': 'application/json' } });
    });
  });
  afterAll(() => vi.unstubAllGlobals());

  it('reads nothing and changes nothing in the map\'s style until it is shown, then shows and hides the tasks\' points', async () => {
    const { map, layers, sources } = loadedMap();
    const tasks = createTaskLayer(shallowRef(map), () => 'zh-CN');
    await nextTick();
    // Hidden at first: a source added to a loaded map is read and drawn again before the map is idle.
    expect(sources.has(TASK_SOURCE)).toBe(false);
    expect(layers.has(TASK_LAYER)).toBe(false);
    tasks.changed();
    expect(sources.has(TASK_SOURCE)).toBe(false);

    tasks.visible.value = true;
    await nextTick();
    expect(String((sources.get(TASK_SOURCE) as { data: string }).data)).toContain('format=geojson');
    expect(layers.get(TASK_LAYER)!.visibility).toBe('visible');
    await vi.waitFor(() => expect(tasks.count.value).toBe(2));

    tasks.visible.value = false;
    await nextTick();
    expect(layers.get(TASK_LAYER)!.visibility).toBe('none');
    expect(asked.every((url) => url.includes('/api/tasks'))).toBe(true);
  });
});

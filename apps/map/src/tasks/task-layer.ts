import { shallowRef, watch, type ShallowRef } from 'vue';
import * as maplibregl from 'maplibre-gl';
import { createApiClient } from '@cuntu/api-client';
import { message, type Locale } from '@cuntu/messages';
import { MAP_LAYERS, styleLayerId, TASK_LAYER, TASK_SOURCE, taskLayer, taskSource } from '@cuntu/map-kit';

/** The rectification tasks' layer of the planner's map: shown or not, how many it draws, read again after tasks change. */
export interface TaskLayer {
  visible: ShallowRef<boolean>;
  count: ShallowRef<number | null>;
  /** After tasks were set or changed: the points read again. */
  changed(): void;
}

/**
 * Draws the reader's tasks (the tasks API's points, by state, overdue ringed) on `map` once they are shown
 * and its style is loaded; a click on one shows its problem, state and deadline.
 */
export function createTaskLayer(map: ShallowRef<maplibregl.Map | null>, locale: () => Locale): TaskLayer {
  const api = createApiClient();
  const visible = shallowRef(false);
  const count = shallowRef<number | null>(null);
  // The address names its format in the query; a changing `t` makes MapLibre read it again rather than reuse the old answer.
  const url = () => `${api.tasks.mapUrl({})}&t=${Date.now()}`;
  const countTasks = async () => {
    count.value = (await api.tasks.list({ limit: 1 }).catch(() => null))?.total ?? null;
  };

  function install(m: maplibregl.Map) {
    if (m.getSource(TASK_SOURCE)) return;
    m.addSource(TASK_SOURCE, taskSource(url()));
    m.addLayer(taskLayer(visible.value));
    m.on('click', TASK_LAYER, (e) => {
      const p = e.features?.[0]?.properties as { problem: string; state: string; deadline: string; overdue: boolean; villageName?: string } | undefined;
      if (!p) return;
      const say = (key: string, params?: Record<string, string>) => message(locale(), key, params);
      const box = document.createElement('div');
      box.dataset.taskPopup = '';
      const title = document.createElement('b');
      title.textContent = `${say(`task.state.${p.state}`)} · ${say('task.labelled', { label: say('task.deadline'), value: p.deadline })}${p.overdue ? ` · ${say('task.overdue')}` : ''}`;
      const body = document.createElement('p');
      body.textContent = [p.villageName, p.problem].filter(Boolean).join(' · ');
      box.append(title, body);
      new maplibregl.Popup({ maxWidth: '300px' }).setLngLat(e.lngLat).setDOMContent(box).addTo(m);
    });
  }

  // Added to the map when first shown: a source and layer added to a just-loaded map made it read and
  // draw again (0.3 s at province scale before it was idle), for a layer hidden at first.
  watch([map, visible], ([m, shown]) => {
    if (!m || (!shown && !m.getLayer(TASK_LAYER))) return;
    // The style is ready once its data layers exist (isStyleLoaded stays false while tiles load).
    if (!m.getLayer(styleLayerId(MAP_LAYERS[0].id))) return void m.once('load', () => install(m));
    install(m);
    m.setLayoutProperty(TASK_LAYER, 'visibility', shown ? 'visible' : 'none');
  }, { immediate: true });
  watch(visible, (shown) => {
    if (shown) void countTasks();
  });

  return {
    visible,
    count,
    changed() {
      (map.value?.getSource(TASK_SOURCE) as maplibregl.GeoJSONSource | undefined)?.setData(url());
      void countTasks();
    },
  };
}

import type { CircleLayerSpecification, GeoJSONSourceSpecification } from 'maplibre-gl';
import type { TaskState } from '@cuntu/domain';

/** A rectification task's colour by state: open orange, in progress blue, submitted purple, closed green. */
export const TASK_STATE_COLOURS: Readonly<Record<TaskState, string>> = { open: '#e07b00', in_progress: '#1f6fd1', submitted: '#8a4fd1', closed: '#2e9d4f' };
/** An overdue task is ringed in red. */
export const TASK_OVERDUE_RING = '#c62828';

export const TASK_SOURCE = 'rectification-tasks';
export const TASK_LAYER = 'rectification-tasks';

/** The tasks' points (the tasks API's GeoJSON), drawn above every data layer. */
export const taskSource = (url: string): GeoJSONSourceSpecification => ({ type: 'geojson', data: url });

/** Tasks as squares-ish dots by state, overdue ones ringed thick red. */
export function taskLayer(visible: boolean): CircleLayerSpecification {
  const overdue = ['==', ['get', 'overdue'], true];
  return {
    id: TASK_LAYER, type: 'circle', source: TASK_SOURCE, layout: { visibility: visible ? 'visible' : 'none' },
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 5, 14, 9],
      'circle-color': ['match', ['get', 'state'], ...Object.entries(TASK_STATE_COLOURS).flat(), '#777'] as never,
      'circle-stroke-color': ['case', overdue, TASK_OVERDUE_RING, '#ffffff'] as never,
      'circle-stroke-width': ['case', overdue, 3, 1.5] as never,
    },
  };
}

import type { GeoJSONSource, Map as MapLibreMap, MapLayerMouseEvent } from 'maplibre-gl';
import { booleanPointInPolygon } from '@turf/turf';
import type { DrawableGeometry } from './drawing';

export interface PickablePoint {
  key: string;
  coordinates: [number, number];
}

/** The keys of the points inside a drawn polygon (a lasso). */
export function pointsInside(points: PickablePoint[], polygon: Extract<DrawableGeometry, { type: 'Polygon' }>): string[] {
  return points.filter((p) => booleanPointInPolygon(p.coordinates, polygon)).map((p) => p.key);
}

/**
 * Picking points of another layer on a map (e.g. the groups a water source serves): the points are
 * drawn as circles, picked ones filled, and a click toggles one. `remove()` takes it all off the map.
 */
export function createPointPicker(map: MapLibreMap, options: { id: string; points: PickablePoint[]; picked: Iterable<string>; colour: string; onToggle: (key: string) => void }) {
  const { id, points, colour } = options;
  const source = `${id}-points`;
  const layer = `${id}-circles`;
  let picked = new Set(options.picked);
  const data = () => ({
    type: 'FeatureCollection' as const,
    features: points.map((p) => ({ type: 'Feature' as const, geometry: { type: 'Point' as const, coordinates: p.coordinates }, properties: { key: p.key, picked: picked.has(p.key) } })),
  });
  map.addSource(source, { type: 'geojson', data: data() });
  map.addLayer({
    id: layer, type: 'circle', source,
    paint: {
      'circle-radius': ['interpolate', ['linear'], ['zoom'], 8, 3, 13, 7],
      'circle-color': ['case', ['get', 'picked'], colour, '#ffffff'],
      'circle-stroke-color': colour,
      'circle-stroke-width': 1.5,
    },
  });
  const onClick = (e: MapLayerMouseEvent) => {
    const key = e.features?.[0]?.properties?.key;
    if (typeof key === 'string') options.onToggle(key);
  };
  const pointer = () => (map.getCanvas().style.cursor = 'pointer');
  const unpointer = () => (map.getCanvas().style.cursor = '');
  map.on('click', layer, onClick);
  map.on('mouseenter', layer, pointer);
  map.on('mouseleave', layer, unpointer);

  return {
    /** Redraws with this set picked. */
    setPicked(keys: Iterable<string>) {
      picked = new Set(keys);
      (map.getSource(source) as GeoJSONSource | undefined)?.setData(data());
    },
    remove() {
      map.off('click', layer, onClick);
      map.off('mouseenter', layer, pointer);
      map.off('mouseleave', layer, unpointer);
      if (map.getLayer(layer)) map.removeLayer(layer);
      if (map.getSource(source)) map.removeSource(source);
      unpointer();
    },
  };
}

export type PointPicker = ReturnType<typeof createPointPicker>;

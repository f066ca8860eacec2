import type { Map as MapLibreMap } from 'maplibre-gl';
import {
  TerraDraw, TerraDrawLineStringMode, TerraDrawPointMode, TerraDrawPolygonMode, TerraDrawSelectMode, TerraDrawSessionUndoRedo,
  type GeoJSONStoreFeatures, type SnapToCustom,
} from 'terra-draw';
import { TerraDrawMapLibreGLAdapter } from 'terra-draw-maplibre-gl-adapter';

export type DrawableGeometry =
  | { type: 'Point'; coordinates: [number, number] }
  | { type: 'LineString'; coordinates: Array<[number, number]> }
  | { type: 'Polygon'; coordinates: Array<Array<[number, number]>> };

const MODE_OF: Record<DrawableGeometry['type'], string> = { Point: 'point', LineString: 'linestring', Polygon: 'polygon' };

/** The vertex nearest a screen point among `targets`, if within `px` pixels. */
export function nearestVertex(map: Pick<MapLibreMap, 'project'>, at: { x: number; y: number }, targets: Array<[number, number]>, px: number): [number, number] | undefined {
  let best: [number, number] | undefined;
  let bestD = px * px;
  for (const t of targets) {
    const p = map.project(t);
    const d = (p.x - at.x) ** 2 + (p.y - at.y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = t;
    }
  }
  return best;
}

/**
 * Drawing and editing one geometry on a MapLibre map with Terra Draw: draw a new point, line or
 * polygon, or edit an existing one (drag points and vertices, add vertices at midpoints, delete
 * vertices), lines snapping to the vertices of `snapTargets` (roads snap to roads), undo.
 */
export function createDrawing(map: MapLibreMap, options: { snapTargets: () => Array<[number, number]>; snapPx?: number; onChange?: () => void }) {
  const snapPx = options.snapPx ?? 12;
  const toCustom: SnapToCustom = (event) => nearestVertex(map, { x: event.containerX, y: event.containerY }, options.snapTargets(), snapPx);
  const draw = new TerraDraw({
    adapter: new TerraDrawMapLibreGLAdapter({ map }),
    modes: [
      new TerraDrawPointMode(),
      new TerraDrawLineStringMode({ snapping: { toCustom } }),
      new TerraDrawPolygonMode(),
      new TerraDrawSelectMode({
        flags: {
          point: { feature: { draggable: true } },
          linestring: { feature: { draggable: false, coordinates: { draggable: true, midpoints: true, deletable: true, snappable: { toCustom } } } },
          polygon: { feature: { draggable: true, coordinates: { draggable: true, midpoints: true, deletable: true } } },
        },
      }),
    ],
    undoRedo: { sessionLevel: new TerraDrawSessionUndoRedo() },
  });
  draw.start();
  draw.on('change', () => options.onChange?.());
  const finishListeners = new Set<(geometry: DrawableGeometry) => void>();
  draw.on('finish', (id) => {
    draw.setMode('select');
    draw.selectFeature(id);
    const geometry = draw.getSnapshotFeature(id)?.geometry as DrawableGeometry | undefined;
    if (geometry) for (const listener of finishListeners) listener(geometry);
  });

  return {
    /** Starts drawing a new feature of this type (clicks add points; a line ends on its last point, a polygon on its first). */
    drawNew(type: DrawableGeometry['type']) {
      draw.clear();
      draw.setMode(MODE_OF[type]);
    },
    /** Calls `listener` with each geometry finished by drawing; returns the unsubscribe. */
    onFinish(listener: (geometry: DrawableGeometry) => void): () => void {
      finishListeners.add(listener);
      return () => finishListeners.delete(listener);
    },
    /** Puts an existing geometry under edit. */
    edit(geometry: DrawableGeometry) {
      draw.clear();
      const id = crypto.randomUUID();
      draw.addFeatures([{ id, type: 'Feature', geometry, properties: { mode: MODE_OF[geometry.type] } } as GeoJSONStoreFeatures]);
      draw.setMode('select');
      draw.selectFeature(id);
    },
    /** The geometry as drawn now (null before anything is drawn). */
    geometry(): DrawableGeometry | null {
      const f = draw.getSnapshot().find((x) => x.geometry.type in MODE_OF);
      return f ? (f.geometry as DrawableGeometry) : null;
    },
    undo: () => draw.undo(),
    canUndo: () => draw.canUndo(),
    clear: () => {
      draw.clear();
      draw.setMode('select');
    },
    stop: () => draw.stop(),
  };
}

export type Drawing = ReturnType<typeof createDrawing>;

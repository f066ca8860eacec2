// eslint-disable-next-line @typescript-eslint/triple-slash-reference -- vt-pbf ships no types; the declaration must reach every project that compiles this file
/// <reference path="../vt-pbf.d.ts" />
import vtpbf from 'vt-pbf';
import { TILE_EXTENT } from './tile-query';

type Position = [number, number];
interface TileGeometry {
  type: string;
  coordinates: unknown;
}

/** One row of `tileRowsSql`: geometry in tile units, feature id and attributes. */
export interface TileRow {
  geom: TileGeometry;
  fid: number | string | bigint | null;
  [attribute: string]: unknown;
}

/** A feature as vt-pbf takes it (geojson-vt's tile format): 1 point, 2 line, 3 polygon. */
interface VtFeature {
  id?: number;
  type: 1 | 2 | 3;
  geometry: Position[] | Position[][];
  tags: Record<string, string | number | boolean>;
}

/** Twice the signed area in tile units (y down): positive for an MVT exterior ring. */
function signedArea(ring: Position[]): number {
  let sum = 0;
  for (let i = 0, j = ring.length - 1; i < ring.length; j = i++) sum += (ring[j][0] - ring[i][0]) * (ring[i][1] + ring[j][1]);
  return -sum;
}

/** Exterior rings positive, holes negative, as the MVT spec wants them. */
function orientedRings(polygon: Position[][]): Position[][] {
  return polygon.map((ring, i) => ((signedArea(ring) > 0) === (i === 0) ? ring : [...ring].reverse()));
}

function vtGeometry(g: TileGeometry): Pick<VtFeature, 'type' | 'geometry'> | null {
  switch (g.type) {
    case 'Point':
      return { type: 1, geometry: [g.coordinates as Position] };
    case 'MultiPoint':
      return { type: 1, geometry: g.coordinates as Position[] };
    case 'LineString':
      return { type: 2, geometry: [g.coordinates as Position[]] };
    case 'MultiLineString':
      return { type: 2, geometry: g.coordinates as Position[][] };
    case 'Polygon':
      return { type: 3, geometry: orientedRings(g.coordinates as Position[][]) };
    case 'MultiPolygon':
      return { type: 3, geometry: (g.coordinates as Position[][][]).flatMap(orientedRings) };
    case 'GeometryCollection': {
      // Clipping can leave a collection; keep its first usable member, as ST_AsMVTGeom keeps one type.
      const members = (g as unknown as { geometries: TileGeometry[] }).geometries.map(vtGeometry).filter((m) => m !== null);
      return members[0] ?? null;
    }
    default:
      return null;
  }
}

/** Whether a geometry still has something to draw after snapping (a line of one point has not). */
function drawable(f: Pick<VtFeature, 'type' | 'geometry'>): boolean {
  if (f.type === 1) return f.geometry.length > 0;
  const parts = f.geometry as Position[][];
  return parts.some((part) => part.length >= (f.type === 2 ? 2 : 4));
}

/**
 * Encodes tile rows (geometry already in tile units) as one Mapbox Vector Tile layer, as `ST_AsMVT`
 * does on a PostGIS with protobuf: null attributes left out, the feature id as the MVT id.
 */
export function encodeTile(layerName: string, rows: TileRow[]): Uint8Array {
  const features: VtFeature[] = [];
  for (const { geom, fid, ...attributes } of rows) {
    const shape = geom && vtGeometry(geom);
    if (!shape || !drawable(shape)) continue;
    const tags: VtFeature['tags'] = {};
    for (const [key, value] of Object.entries(attributes)) {
      if (value === null || value === undefined) continue;
      tags[key] = typeof value === 'bigint' ? Number(value) : (value as string | number | boolean);
    }
    features.push({ ...shape, id: fid == null ? undefined : Number(fid), tags });
  }
  return vtpbf.fromGeojsonVt({ [layerName]: { features } } as never, { version: 2, extent: TILE_EXTENT });
}

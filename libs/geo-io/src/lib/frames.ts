import gcoord from 'gcoord';
import proj4 from 'proj4';
import type { Frame, Geometry } from './source';

/** The `.prj` of WGS-84 longitude/latitude, as Esri writes it. */
export const WGS84_PRJ =
  'GEOGCS["GCS_WGS_1984",DATUM["D_WGS_1984",SPHEROID["WGS_1984",6378137.0,298.257223563]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]]';

type Position = number[];

/** Applies `fn` to every position of a geometry, dropping any third coordinate (heights). */
export function mapPositions(geometry: Geometry, fn: (p: [number, number]) => [number, number]): Geometry {
  const walk = (c: unknown): unknown => {
    if (Array.isArray(c) && typeof c[0] === 'number') return fn([(c as Position)[0], (c as Position)[1]]);
    return Array.isArray(c) ? c.map(walk) : c;
  };
  if (geometry.type === 'GeometryCollection') return { type: geometry.type, geometries: (geometry.geometries ?? []).map((g) => mapPositions(g, fn)) };
  return { type: geometry.type, coordinates: walk(geometry.coordinates) };
}

/** Whether any position of a geometry has a height (a third value other than 0, KML's "on the ground"): what `mapPositions` leaves out. */
export function hasZ(geometry: Geometry): boolean {
  const walk = (c: unknown): boolean => (Array.isArray(c) && typeof c[0] === 'number' ? c.length > 2 && c[2] !== 0 : Array.isArray(c) && c.some(walk));
  return geometry.type === 'GeometryCollection' ? (geometry.geometries ?? []).some(hasZ) : walk(geometry.coordinates);
}

/** The geometry on the map's plane: longitude and latitude only, heights dropped. */
export const flatten2d = (geometry: Geometry): Geometry => mapPositions(geometry, (p) => p);

/** What a `.prj` says: a geographic frame we take as WGS-84 (with a note when it is another datum), or a projection to undo. */
export function frameOfPrj(prj: string): { frame: 'wgs84' | 'cgcs2000' | 'projected'; note?: string } {
  const text = prj.trim();
  if (/^PROJCS/i.test(text)) return { frame: 'projected' };
  if (/2000/.test(text) && /china|cgcs/i.test(text)) return { frame: 'cgcs2000' };
  if (/WGS.?(19)?84/i.test(text)) return { frame: 'wgs84' };
  const name = /^GEOGCS\["([^"]+)"/i.exec(text)?.[1] ?? text.slice(0, 40);
  return { frame: 'wgs84', note: `坐标系「${name}」按 WGS-84 处理，可能有百米级偏差 / The frame "${name}" is taken as WGS-84: positions may be off by up to ~100 m` };
}

/** Brings a geometry from a frame (or from the projection a `.prj` describes) into WGS-84. */
export function toWgs84(geometry: Geometry, frame: Frame | 'projected', prj?: string): Geometry {
  if (frame === 'projected') {
    const converter = proj4(prj!, 'WGS84');
    return mapPositions(geometry, (p) => converter.forward(p) as [number, number]);
  }
  if (frame === 'gcj02') return mapPositions(geometry, (p) => gcoord.transform(p, gcoord.GCJ02, gcoord.WGS84) as [number, number]);
  return mapPositions(geometry, (p) => p);
}

/** The opposite of `toWgs84` for the frames a user can ask an export in. */
export function fromWgs84(geometry: Geometry, frame: Frame): Geometry {
  if (frame === 'gcj02') return mapPositions(geometry, (p) => gcoord.transform(p, gcoord.WGS84, gcoord.GCJ02) as [number, number]);
  return geometry;
}

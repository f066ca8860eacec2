import { customType } from 'drizzle-orm/pg-core';
import { sql, type SQL, type AnyColumn } from 'drizzle-orm';

/** The geometry kinds our layers store; all in SRID 4326 (WGS-84 ≈ CGCS2000 here). */
export type GeometryKind = 'Point' | 'LineString' | 'MultiLineString' | 'Polygon' | 'MultiPolygon' | 'Geometry';

/** A GeoJSON geometry object as written to and read from the database. */
export interface GeoJsonGeometry {
  type: string;
  coordinates: unknown;
}

/**
 * A PostGIS geometry column. Writes take GeoJSON and become `ST_GeomFromGeoJSON`; reads come back as
 * the driver's raw EWKB hex, so queries select `asGeoJson(column)` when they want the shape.
 */
export const geometry = (name: string, kind: GeometryKind) =>
  customType<{ data: GeoJsonGeometry | SQL; driverData: string }>({
    dataType: () => `geometry(${kind},4326)`,
    toDriver: (value) =>
      isSql(value) ? value : sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(value)}), 4326)`,
  })(name);

function isSql(value: unknown): value is SQL {
  return typeof value === 'object' && value !== null && 'queryChunks' in value;
}

/** `ST_AsGeoJSON(column)::json`, with coordinates rounded to 7 decimals (≈ 1 cm). */
export const asGeoJson = (column: AnyColumn | SQL) => sql<GeoJsonGeometry>`ST_AsGeoJSON(${column}, 7)::json`;

/** A coordinate reference system as the SQL below needs it (a served one, from `@cuntu/domain`'s `SERVED_CRS`). */
export interface CrsOfSql {
  srid: number;
  /** Coordinates come latitude / northing first (the registered axis order of EPSG:4326, 4490 and the Gauss–Krüger zones). */
  northFirst: boolean;
  decimals: number;
}

/** In the order PostGIS keeps (x = easting / longitude first) from the CRS's registered order, or back: one flip either way. */
const inAxisOrder = (geometry: SQL, crs: CrsOfSql) => (crs.northFirst ? sql`ST_FlipCoordinates(${geometry})` : geometry);

/** A stored (SRID 4326) geometry as GeoJSON in another CRS, in that CRS's axis order, rounded to its decimals. */
export const asGeoJsonIn = (column: AnyColumn | SQL, crs: CrsOfSql) => {
  const projected = crs.srid === 4326 ? sql`${column}` : sql`ST_Transform(${column}, ${crs.srid}::int)`;
  return sql<GeoJsonGeometry>`ST_AsGeoJSON(${inAxisOrder(projected, crs)}, ${crs.decimals}::int)::json`;
};

/**
 * A box given in a CRS (four numbers in its axis order) as a polygon in SRID 4326. Its edges are cut in
 * 32 before the transformation, so a box drawn in metres keeps its shape in degrees.
 */
export function envelopeIn(bbox: readonly [number, number, number, number], crs: CrsOfSql): SQL {
  const [x1, y1, x2, y2] = crs.northFirst ? [bbox[1], bbox[0], bbox[3], bbox[2]] : bbox;
  const box = sql`ST_MakeEnvelope(${x1}::float8, ${y1}::float8, ${x2}::float8, ${y2}::float8, ${crs.srid}::int)`;
  if (crs.srid === 4326) return box;
  const step = Math.max(x2 - x1, y2 - y1) / 32;
  return step > 0 ? sql`ST_Transform(ST_Segmentize(${box}, ${step}::float8), 4326)` : sql`ST_Transform(${box}, 4326)`;
}

/** A GeoJSON geometry written in a CRS (its axis order) as a PostGIS geometry in SRID 4326. */
export const geometryFromGeoJsonIn = (geometry: unknown, crs: CrsOfSql) => {
  const read = inAxisOrder(sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}::text), ${crs.srid}::int)`, crs);
  return crs.srid === 4326 ? read : sql`ST_Transform(${read}, 4326)`;
};

/** A GeoJSON geometry written in a CRS (its axis order) as the GeoJSON of the same shape in SRID 4326 (longitude first). */
export const geoJsonToWgs84 = (geometry: unknown, crs: CrsOfSql) => sql<GeoJsonGeometry>`ST_AsGeoJSON(${geometryFromGeoJsonIn(geometry, crs)}, 7)::json`;

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

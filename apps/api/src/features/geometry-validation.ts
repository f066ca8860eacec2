import { sql } from 'drizzle-orm';
import type { Database } from '@cuntu/db';
import { flatten2d } from '@cuntu/geo-io';
import { ApiError } from '../errors';

export interface ValidGeometry {
  geometry: { type: string; coordinates: unknown };
  /** The county the geometry lies in (or nearest, within the tolerance). */
  countyCode: string;
}

const fail = (code: string, message: string, details?: unknown): never => {
  throw new ApiError(422, code, message, details ?? null);
};

function positions(coordinates: unknown): number[][] {
  if (!Array.isArray(coordinates)) return [];
  if (coordinates.length > 0 && !Array.isArray(coordinates[0])) return [coordinates as number[]];
  return coordinates.flatMap(positions);
}

/** A problem with a geometry a user can act on: its code, and a bilingual message. */
export interface GeometryProblem {
  code: string;
  message: string;
  details?: unknown;
}

/**
 * What is wrong with a GeoJSON geometry for a layer before the database sees it: missing, wrong type,
 * empty, non-numeric or out-of-range coordinates, latitude and longitude apparently swapped. Null when
 * nothing is.
 */
export function geometryShapeProblem(input: unknown, expectedType: string): GeometryProblem | null {
  if (!input || typeof input !== 'object' || !('type' in input) || !('coordinates' in input)) {
    return { code: 'invalid_geometry', message: '几何图形缺失或格式错误 / The geometry is missing or not GeoJSON', details: { expected: expectedType } };
  }
  const geometry = input as { type: string; coordinates: unknown };
  if (geometry.type !== expectedType) {
    return { code: 'wrong_geometry_type', message: `该图层要求 ${expectedType}，收到 ${geometry.type} / This layer takes ${expectedType}, not ${geometry.type}`, details: { expected: expectedType, received: geometry.type } };
  }
  const points = positions(geometry.coordinates);
  if (points.length === 0) return { code: 'empty_geometry', message: '几何图形为空 / The geometry is empty' };
  if (points.some((p) => p.length < 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n)))) {
    return { code: 'invalid_coordinates', message: '坐标必须是数字 / Coordinates must be numbers' };
  }
  const outOfRange = points.find(([lon, lat]) => lon < -180 || lon > 180 || lat < -90 || lat > 90);
  if (points.every(([lon, lat]) => lon >= 3 && lon <= 54 && lat >= 73 && lat <= 136)) {
    return { code: 'lat_lon_swapped', message: '经纬度顺序似乎颠倒：GeoJSON 要求先经度后纬度 / Latitude and longitude look swapped: GeoJSON is [longitude, latitude]', details: { first: points[0] } };
  }
  if (outOfRange) return { code: 'coordinates_out_of_range', message: `坐标超出范围：${outOfRange.join(', ')} / Coordinates out of range`, details: { position: outOfRange } };
  return null;
}

/**
 * Checks a GeoJSON geometry for a layer and says what is wrong with it in words a user can act on:
 * the shape problems above, invalid (PostGIS's ST_IsValidReason), or too far outside every county.
 * Throws a 422 ApiError.
 */
export async function validateGeometry(database: Database, input: unknown, expectedType: string, toleranceKm: number): Promise<ValidGeometry> {
  const problem = geometryShapeProblem(input, expectedType);
  if (problem) fail(problem.code, problem.message, problem.details);
  const geometry = input as { type: string; coordinates: unknown };
  const json = JSON.stringify(geometry);
  let checked: { valid: boolean; reason: string; empty: boolean; county: string | null; distance_km: number | null } | undefined;
  try {
    [checked] = await database.rows(sql`
      WITH g AS (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${json}), 4326) AS g)
      SELECT ST_IsValid(g.g) AS valid, ST_IsValidReason(g.g) AS reason, ST_IsEmpty(g.g) AS empty,
        (SELECT c.code FROM counties c ORDER BY ST_Distance(c.boundary::geography, g.g::geography) LIMIT 1) AS county,
        (SELECT min(ST_Distance(c.boundary::geography, g.g::geography)) / 1000 FROM counties c) AS distance_km
      FROM g`);
  } catch (e) {
    fail('invalid_geometry', '无法解析几何图形 / The geometry cannot be read', { reason: e instanceof Error ? e.message.split('\n')[0] : String(e) });
  }
  if (!checked) fail('invalid_geometry', '无法解析几何图形 / The geometry cannot be read');
  const c = checked!;
  if (c.empty) fail('empty_geometry', '几何图形为空 / The geometry is empty');
  if (!c.valid) fail('invalid_geometry', `几何图形无效：${c.reason} / Invalid geometry: ${c.reason}`, { reason: c.reason });
  if (c.county == null) fail('no_county', '尚未加载任何县界 / No county boundary is loaded');
  if (c.distance_km != null && c.distance_km > toleranceKm) {
    fail('outside_county', `位置在县界外 ${c.distance_km.toFixed(1)} 公里，超过允许的 ${toleranceKm} 公里 / ${c.distance_km.toFixed(1)} km outside the county (tolerance ${toleranceKm} km)`, { distanceKm: Number(c.distance_km.toFixed(3)), toleranceKm });
  }
  // The layers store positions on the map's plane: a height (Z) a GPS or a 3D file gives is dropped.
  return { geometry: flatten2d(geometry) as typeof geometry, countyCode: c.county! };
}

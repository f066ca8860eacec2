import { sql } from 'drizzle-orm';
import type { Database } from '@cuntu/db';
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

/**
 * Checks a GeoJSON geometry for a layer and says what is wrong with it in words a user can act on:
 * wrong type, empty, coordinates out of range, latitude and longitude apparently swapped, invalid
 * (PostGIS's ST_IsValidReason), or too far outside every county. Throws a 422 ApiError.
 */
export async function validateGeometry(database: Database, input: unknown, expectedType: string, toleranceKm: number): Promise<ValidGeometry> {
  if (!input || typeof input !== 'object' || !('type' in input) || !('coordinates' in input)) {
    fail('invalid_geometry', '几何图形缺失或格式错误 / The geometry is missing or not GeoJSON', { expected: expectedType });
  }
  const geometry = input as { type: string; coordinates: unknown };
  if (geometry.type !== expectedType) {
    fail('wrong_geometry_type', `该图层要求 ${expectedType}，收到 ${geometry.type} / This layer takes ${expectedType}, not ${geometry.type}`, { expected: expectedType, received: geometry.type });
  }
  const points = positions(geometry.coordinates);
  if (points.length === 0) fail('empty_geometry', '几何图形为空 / The geometry is empty');
  if (points.some((p) => p.length < 2 || !p.every((n) => typeof n === 'number' && Number.isFinite(n)))) {
    fail('invalid_coordinates', '坐标必须是数字 / Coordinates must be numbers');
  }
  const outOfRange = points.find(([lon, lat]) => lon < -180 || lon > 180 || lat < -90 || lat > 90);
  const swappedLooking = points.every(([lon, lat]) => lon >= 3 && lon <= 54 && lat >= 73 && lat <= 136);
  if (swappedLooking) {
    fail('lat_lon_swapped', '经纬度顺序似乎颠倒：GeoJSON 要求先经度后纬度 / Latitude and longitude look swapped: GeoJSON is [longitude, latitude]', { first: points[0] });
  }
  if (outOfRange) fail('coordinates_out_of_range', `坐标超出范围：${outOfRange.join(', ')} / Coordinates out of range`, { position: outOfRange });

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
  return { geometry, countyCode: c.county! };
}

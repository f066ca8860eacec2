import { sql } from 'drizzle-orm';
import type { Database } from '@cuntu/db';
import { ApiError } from '../errors';
import { geometryShapeProblem } from '../features/geometry-validation';

type Geometry = { type: string; coordinates: unknown };

/**
 * The one (Multi)Polygon of an uploaded boundary file: a geometry, a Feature, or a FeatureCollection
 * whose polygons are taken together. 422 with the reason otherwise.
 */
export function boundaryGeometry(input: unknown): Geometry {
  const geometries = (node: unknown): Geometry[] => {
    const n = node as { type?: string; geometry?: unknown; features?: unknown[] } | null;
    if (n?.type === 'FeatureCollection' && Array.isArray(n.features)) return n.features.flatMap(geometries);
    if (n?.type === 'Feature') return geometries(n.geometry);
    return n && typeof n === 'object' && 'coordinates' in n ? [n as Geometry] : [];
  };
  const found = geometries(input);
  if (found.length === 0) throw new ApiError(422, 'invalid_geometry', '文件中没有面要素 / The file holds no polygon');
  const wrong = found.find((g) => g.type !== 'Polygon' && g.type !== 'MultiPolygon');
  if (wrong) throw new ApiError(422, 'wrong_geometry_type', `县界须为面，收到 ${wrong.type} / A county boundary is a polygon, not ${wrong.type}`);
  const multi: Geometry = { type: 'MultiPolygon', coordinates: found.flatMap((g) => (g.type === 'Polygon' ? [g.coordinates] : (g.coordinates as unknown[]))) };
  const problem = geometryShapeProblem(multi, 'MultiPolygon');
  if (problem) throw new ApiError(422, problem.code, problem.message, problem.details);
  return multi;
}

/**
 * Sets (or creates) a county's name and boundary, after PostGIS has found the boundary valid. Returns
 * its name before (null when created) and how many of its villages' committees the new boundary leaves
 * outside (worth a second look).
 */
export async function saveCounty(database: Database, code: string, change: { name?: string; boundary?: Geometry }): Promise<{ code: string; name: string; previousName: string | null; created: boolean; villagesOutside: number }> {
  const json = change.boundary ? JSON.stringify(change.boundary) : null;
  if (json) {
    const [check] = await database.rows<{ valid: boolean; reason: string }>(sql`
      SELECT ST_IsValid(g) AS valid, ST_IsValidReason(g) AS reason FROM (SELECT ST_SetSRID(ST_GeomFromGeoJSON(${json}), 4326) AS g) x`);
    if (!check.valid) throw new ApiError(422, 'invalid_geometry', `县界无效：${check.reason} / Invalid boundary: ${check.reason}`, { reason: check.reason });
  }
  const [existing] = await database.rows<{ name: string }>(sql`SELECT name FROM counties WHERE code = ${code}`);
  if (!existing) {
    if (!json || !change.name) throw new ApiError(422, 'county_incomplete', '新建县须同时提供名称和县界 / A new county needs a name and a boundary');
    await database.rows(sql`
      INSERT INTO counties (code, name, prefecture_code, boundary, source_note)
      VALUES (${code}, ${change.name}, ${`${code.slice(0, 4)}00000000`}, ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${json}), 4326)), 'imported by an administrator')`);
  } else {
    await database.rows(sql`
      UPDATE counties SET name = coalesce(${change.name ?? null}::text, name),
        boundary = coalesce(ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${json}::text), 4326)), boundary)
      WHERE code = ${code}`);
  }
  const [outside] = await database.rows<{ n: number }>(sql`
    SELECT count(*)::int AS n FROM villages v JOIN towns t ON t.code = v.town_code JOIN counties c ON c.code = t.county_code
    WHERE c.code = ${code} AND v.committee IS NOT NULL AND NOT ST_Covers(c.boundary, v.committee)`);
  return { code, name: change.name ?? existing!.name, previousName: existing?.name ?? null, created: !existing, villagesOutside: outside.n };
}

import { eq, sql } from 'drizzle-orm';
import wkx from 'wkx';
import { auditLog, pgArray, towns, type Database } from '@cuntu/db';
import { TOWNS_RECORD, townKindOf, type Principal } from '@cuntu/domain';
import { inEveryLocale } from '@cuntu/messages';
import type { SourceTable } from '@cuntu/geo-io';
import { columnNamed, rowReport, type RowProblem } from '../imports/field-mapping';
import { geometryShapeProblem } from '../features/geometry-validation';

/** A town read from a file, ready to write. */
interface TownRow {
  row: number;
  code: string;
  name: string;
  countyCode: string;
  ewkt: string;
}

/** The columns holding a town's code and name, by the names counties use (乡镇代码, 乡镇名称, 名称 …). */
export function townColumns(fields: string[]) {
  return { code: columnNamed('townCode', fields, ['code']), name: columnNamed('townName', fields, ['name']) };
}

/**
 * Checks every town of a boundary file without writing: a 12-digit code of a county the deployment
 * holds (its first six digits, ending in 000), a name, a valid polygon near its county (PostGIS), no code
 * twice. Returns the report's counts and problems, and the towns ready to write.
 */
export async function checkTowns(database: Database, source: SourceTable, toleranceKm: number) {
  const columns = townColumns(source.fields);
  const counties = await database.rows<{ code: string }>(sql`SELECT code FROM counties`);
  const countyOf = new Map(counties.map((c) => [c.code.slice(0, 6), c.code]));
  const problems: RowProblem[] = [];
  const candidates: TownRow[] = [];
  const seen = new Map<string, number>();
  for (const f of source.features) {
    const before = problems.length;
    const code = String(columns.code ? f.properties[columns.code] ?? '' : '').normalize('NFKC').trim();
    const name = String(columns.name ? f.properties[columns.name] ?? '' : '').trim();
    const countyCode = countyOf.get(code.slice(0, 6));
    if (!/^\d{9}000$/.test(code)) problems.push({ row: f.row, field: 'code', problem: inEveryLocale('towns.badCode', { code }) });
    else if (!countyCode) problems.push({ row: f.row, field: 'code', problem: inEveryLocale('towns.noCounty', { code, counties: counties.map((c) => c.code).join('、') || '—' }) });
    else if (seen.has(code)) problems.push({ row: f.row, field: 'code', problem: inEveryLocale('towns.duplicate', { first: seen.get(code)!, code }) });
    else seen.set(code, f.row);
    if (!name) problems.push({ row: f.row, field: 'name', problem: inEveryLocale('validation.required') });
    const geometry = f.geometry;
    const multi = geometry?.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [geometry.coordinates] } : geometry;
    const shape = multi ? geometryShapeProblem(multi, 'MultiPolygon') : null;
    if (!multi) problems.push({ row: f.row, field: 'geometry', problem: f.geometryProblem ?? inEveryLocale('importer.noGeometry') });
    else if (shape) problems.push({ row: f.row, field: 'geometry', problem: shape.message });
    if (problems.length === before) candidates.push({ row: f.row, code, name, countyCode: countyCode!, ewkt: `SRID=4326;${wkx.Geometry.parseGeoJSON(multi!).toWkt()}` });
  }
  // Validity and distance from the county, in PostGIS, for all candidates at once.
  const checked = candidates.length ? await database.rows<{ row: number; valid: boolean; reason: string; outsideKm: number }>(sql`
    SELECT x.row, ST_IsValid(x.g) AS valid, ST_IsValidReason(x.g) AS reason,
      ST_Distance(ST_PointOnSurface(x.g)::geography, c.boundary::geography) / 1000 AS "outsideKm"
    FROM (SELECT (r->>'row')::int AS row, r->>'county' AS county, ST_GeomFromEWKT(r->>'ewkt') AS g FROM json_array_elements(${JSON.stringify(candidates.map((c) => ({ row: c.row, county: c.countyCode, ewkt: c.ewkt })))}::json) r) x
    JOIN counties c ON c.code = x.county`) : [];
  const ready: TownRow[] = [];
  for (const c of candidates) {
    const check = checked.find((k) => k.row === c.row)!;
    if (!check.valid) problems.push({ row: c.row, field: 'geometry', problem: inEveryLocale('towns.invalidBoundary', { reason: check.reason }) });
    else if (check.outsideKm > toleranceKm) problems.push({ row: c.row, field: 'geometry', problem: inEveryLocale('towns.outsideCounty', { km: check.outsideKm.toFixed(1), tolerance: toleranceKm }) });
    else ready.push(c);
  }
  const [{ existing }] = ready.length
    ? await database.rows<{ existing: number }>(sql`SELECT count(*)::int AS existing FROM towns WHERE code = ANY(${pgArray(ready.map((r) => r.code))}::text[])`)
    : [{ existing: 0 }];
  return { columns, ...rowReport(source.features.length, problems, { creates: ready.length - existing, updates: existing }), ready };
}

/** Writes checked towns all or nothing: boundary and name set, kind from the name (镇 / 乡 / 苏木), the seat a point inside unless one is kept; audited. */
export async function commitTowns(database: Database, rows: TownRow[], user: Principal) {
  await database.db.transaction(async (tx) => {
    for (const r of rows) {
      const [before] = await tx.select({ code: towns.code, name: towns.name, kind: towns.kind }).from(towns).where(eq(towns.code, r.code));
      await tx.execute(sql`
        INSERT INTO towns (code, county_code, name, kind, boundary, seat)
        VALUES (${r.code}, ${r.countyCode}, ${r.name}, ${townKindOf(r.name)}, ST_Multi(ST_GeomFromEWKT(${r.ewkt})), ST_PointOnSurface(ST_GeomFromEWKT(${r.ewkt})))
        ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, boundary = EXCLUDED.boundary,
          seat = CASE WHEN ST_Covers(EXCLUDED.boundary, towns.seat) THEN towns.seat ELSE EXCLUDED.seat END`);
      await tx.insert(auditLog).values({
        userId: user.id || null, username: user.username, layer: TOWNS_RECORD.kind, featureId: r.code, action: 'import',
        before: before ? { properties: before } : null, after: { properties: { code: r.code, name: r.name, kind: townKindOf(r.name) } },
      });
    }
  });
}

import { sql } from 'drizzle-orm';
import wkx from 'wkx';
import { auditLog, pgArray, type Database } from '@cuntu/db';
import { townKindOf, type Principal } from '@cuntu/domain';
import { inEveryLocale } from '@cuntu/messages';
import type { SourceTable } from '@cuntu/geo-io';
import { columnNamed, rowReport, type RowProblem } from '../imports/field-mapping';
import { geometryShapeProblem } from '../features/geometry-validation';
import { createFeaturesRepo } from '../features/features.repo';

/** A town read from a file, ready to write: a boundary, a seat, or neither (a code list). */
interface TownRow {
  row: number;
  code: string;
  name: string;
  countyCode: string;
  /** EWKT of the boundary, when the file has polygons. */
  boundary: string | null;
  /** EWKT of the seat, when the file has points. */
  seat: string | null;
}

/** The columns holding a town's code and name, by the names counties use (乡镇代码, 乡镇名称, 名称 …). */
export function townColumns(fields: string[]) {
  return { code: columnNamed('townCode', fields, ['code']), name: columnNamed('townName', fields, ['name']) };
}

const ewkt = (geometry: object) => `SRID=4326;${wkx.Geometry.parseGeoJSON(geometry).toWkt()}`;

/**
 * Checks every town of a file without writing: a 12-digit code of a county the deployment holds (its
 * first six digits, ending in 000), a name, no code twice; where the file has geometries, a valid polygon
 * (a boundary) or a point (a seat) near its county (PostGIS). A spreadsheet's code list has none: its towns
 * come in without a boundary. Returns the report's counts and problems, and the towns ready to write.
 */
export async function checkTowns(database: Database, source: SourceTable, toleranceKm: number) {
  const columns = townColumns(source.fields);
  const counties = await database.rows<{ code: string }>(sql`SELECT code FROM counties`);
  const countyOf = new Map(counties.map((c) => [c.code.slice(0, 6), c.code]));
  const problems: RowProblem[] = [];
  const candidates: TownRow[] = [];
  const seen = new Map<string, number>();
  /** A boundary or seat file, or a table with coordinate columns: every row needs its geometry. */
  const shapes = !source.csv || source.csv.geometryFields.length > 0;
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
    let boundary: string | null = null;
    let seat: string | null = null;
    if (geometry?.type === 'Point') seat = ewkt(geometry);
    else if (geometry) {
      const multi = geometry.type === 'Polygon' ? { type: 'MultiPolygon', coordinates: [geometry.coordinates] } : geometry;
      const shape = geometryShapeProblem(multi, 'MultiPolygon');
      if (shape) problems.push({ row: f.row, field: 'geometry', problem: shape.message });
      else boundary = ewkt(multi);
    } else if (shapes) problems.push({ row: f.row, field: 'geometry', problem: f.geometryProblem ?? inEveryLocale('importer.noGeometry') });
    if (problems.length === before) candidates.push({ row: f.row, code, name, countyCode: countyCode!, boundary, seat });
  }
  // Validity and distance from the county, in PostGIS, for all candidates with a geometry at once.
  const located = candidates.filter((c) => c.boundary ?? c.seat);
  const checked = located.length ? await database.rows<{ row: number; valid: boolean; reason: string; outsideKm: number }>(sql`
    SELECT x.row, ST_IsValid(x.g) AS valid, ST_IsValidReason(x.g) AS reason,
      ST_Distance(ST_PointOnSurface(x.g)::geography, c.boundary::geography) / 1000 AS "outsideKm"
    FROM (SELECT (r->>'row')::int AS row, r->>'county' AS county, ST_GeomFromEWKT(r->>'ewkt') AS g FROM json_array_elements(${JSON.stringify(located.map((c) => ({ row: c.row, county: c.countyCode, ewkt: c.boundary ?? c.seat })))}::json) r) x
    JOIN counties c ON c.code = x.county`) : [];
  const ready: TownRow[] = [];
  for (const c of candidates) {
    const check = checked.find((k) => k.row === c.row);
    if (check && !check.valid) problems.push({ row: c.row, field: 'geometry', problem: inEveryLocale('towns.invalidBoundary', { reason: check.reason }) });
    else if (check && check.outsideKm > toleranceKm) problems.push({ row: c.row, field: 'geometry', problem: inEveryLocale('towns.outsideCounty', { km: check.outsideKm.toFixed(1), tolerance: toleranceKm }) });
    else ready.push(c);
  }
  const [{ existing }] = ready.length
    ? await database.rows<{ existing: number }>(sql`SELECT count(*)::int AS existing FROM towns WHERE code = ANY(${pgArray(ready.map((r) => r.code))}::text[])`)
    : [{ existing: 0 }];
  return { columns, ...rowReport(source.features.length, problems, { creates: ready.length - existing, updates: existing }), ready };
}

/**
 * Writes checked towns all or nothing, as the towns layer's features (audited, undoable): name set, kind
 * from the name (镇 / 乡 / 苏木); a boundary replaces the old one; the seat is the file's point, else a point
 * inside a new boundary unless the old seat still lies inside it; a code list keeps what a town had.
 */
export async function commitTowns(database: Database, rows: TownRow[], user: Principal) {
  await database.db.transaction(async (tx) => {
    const repo = createFeaturesRepo(tx);
    for (const r of rows) {
      const before = await repo.get('towns', r.code, true);
      await tx.execute(sql`
        INSERT INTO towns (code, county_code, name, kind, boundary, seat, updated_by)
        VALUES (${r.code}, ${r.countyCode}, ${r.name}, ${townKindOf(r.name)}, ST_Multi(ST_GeomFromEWKT(${r.boundary})),
          coalesce(ST_GeomFromEWKT(${r.seat}), ST_PointOnSurface(ST_GeomFromEWKT(${r.boundary}))), ${user.username})
        ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, kind = EXCLUDED.kind, boundary = coalesce(EXCLUDED.boundary, towns.boundary),
          seat = CASE WHEN ${r.seat}::text IS NOT NULL THEN EXCLUDED.seat
            WHEN EXCLUDED.boundary IS NOT NULL AND (towns.seat IS NULL OR NOT ST_Covers(EXCLUDED.boundary, towns.seat)) THEN EXCLUDED.seat
            ELSE towns.seat END,
          version = towns.version + 1, updated_at = now(), updated_by = EXCLUDED.updated_by`);
      const after = await repo.get('towns', r.code);
      await tx.insert(auditLog).values({ userId: user.id || null, username: user.username, layer: 'towns', featureId: r.code, action: 'import', before, after });
    }
  });
}

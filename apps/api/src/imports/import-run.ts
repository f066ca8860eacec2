import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { sql } from 'drizzle-orm';
import wkx from 'wkx';
import { copyTextRows, imports, LAYER_TABLES, propertyColumns, rowsOf, type CopyValue, type Database, type Tx } from '@cuntu/db';
import type { z } from 'zod';
import { APPROXIMATE_LOCATION, consistencyProblems, issueText, LAYER_PROPERTY_SCHEMAS, LAYERS, regionCodeOf, regionCovers, type LayerDefinition, type LayerId, type Principal } from '@cuntu/domain';
import { inEveryLocale, LOCALES } from '@cuntu/messages';
import type { Geometry, SourceTable } from '@cuntu/geo-io';
import { geometryShapeProblem } from '../features/geometry-validation';
import { importKeyProperty, mapRow, type FieldMapping, type RowProblem } from './field-mapping';
import { createRowLocator } from './row-locator';
import { checkRows, createStaging, referencesOf, upsertStaged, type RowToCheck } from './import-sql';
import type { Admission } from '../admission';

/**
 * Rows checked in the database per query, and written per statement. PGlite runs each statement on the
 * event loop's thread, so it gets smaller ones and the server answers other requests in between.
 */
const CHECK_CHUNK = 5_000;
const WRITE_BATCH = { postgres: 25_000, pglite: 1_000 } as const;
/** The report lists at most this many problems (the counts cover all). */
export const MAX_LISTED_PROBLEMS = 5_000;

/** The field a row's problem names when the row lies outside the importing user's region. */
export const REGION_FIELD = 'region';

export interface Progress {
  phase: 'validating' | 'writing' | 'rechecking';
  done: number;
  total: number;
}

/** A run's hooks: progress reports, and the cancel check between chunks (throw to stop). */
export interface RunHooks {
  progress(p: Progress): void;
  checkCancelled(): void;
}

/** A row ready to write: properties checked by the layer's schema, geometry by shape and in SQL. */
interface ReadyRow {
  row: number;
  values: Record<string, unknown>;
  ewkt: string;
  key: string | null;
  county: string | null;
  /** A feature with this key exists: the import updates it. */
  existing: boolean;
  /** It had no coordinates and was placed at its group's or village's point. */
  approximate?: boolean;
}

export interface ImportReport {
  total: number;
  valid: number;
  invalid: number;
  /** Features the import would create, and existing ones (same key) it would update. */
  creates: number;
  updates: number;
  /** Problems per field (or `geometry`), over all rows. */
  problemCounts: Record<string, number>;
  problems: RowProblem[];
  problemsTruncated: boolean;
}

/** Brings a geometry to the layer's type where that is lossless (a one-part multi-line is a line). */
function singlePart(geometry: Geometry, expected: string): Geometry {
  const parts = geometry.coordinates as unknown[];
  if (geometry.type === `Multi${expected}` && Array.isArray(parts) && parts.length === 1) return { type: expected, coordinates: parts[0] };
  return geometry;
}

/**
 * Validates every row of a source against a layer without writing: mapping and type conversion, the
 * layer's zod schema, geometry shape, keys repeated in the file, then in SQL (in chunks) geometry
 * validity, distance outside the county, and the villages / groups / towns it references.
 */
export async function validateSource(database: Database, layer: LayerId, source: SourceTable, mapping: FieldMapping, toleranceKm: number, hooks: RunHooks, region: { code: string; name: string } | null = null) {
  const { geometryType } = LAYER_TABLES[layer];
  const schema = LAYER_PROPERTY_SCHEMAS[layer];
  // Villages and groups may be named rather than coded (八里村, 3组); rows without coordinates of a layer that allows it are placed by them.
  const locator = 'villageCode' in schema.shape ? await createRowLocator(database) : null;
  const placeable = (LAYERS[layer] as LayerDefinition).locatedByVillage === true;
  const keyProperty = importKeyProperty(layer);
  const references = referencesOf(layer);
  const problems: RowProblem[] = [];
  const ready: ReadyRow[] = [];
  const seenKeys = new Map<string, number>();
  const total = source.features.length;

  for (let start = 0; start < total; start += CHECK_CHUNK) {
    hooks.checkCancelled();
    hooks.progress({ phase: 'validating', done: start, total });
    /** Rows to check in the database; `flawed` ones already have problems and are checked only for where they lie, so a report names every problem of a row at once. */
    const candidates: Array<ReadyRow & { refs: Array<string | null>; flawed?: boolean }> = [];
    for (const feature of source.features.slice(start, start + CHECK_CHUNK)) {
      const mapped = mapRow(layer, feature.row, feature.properties, mapping);
      const rowProblems = [...mapped.problems, ...(locator?.resolve(feature.row, mapped.values) ?? [])];
      const values = Object.fromEntries(Object.entries(mapped.values).filter(([p]) => !rowProblems.some((q) => q.field === p)));
      const parsed = schema.safeParse(values);
      // Both languages, as the rest of an import's report still is (it is kept with the job, read later).
      const said = (issue: z.core.$ZodIssue) => LOCALES.map((locale) => issueText(issue, values[String(issue.path[0] ?? '')], locale)).join(' / ');
      const flagged = new Set(rowProblems.map((p) => p.field));
      if (!parsed.success) for (const issue of parsed.error.issues.filter((i) => !flagged.has(String(i.path[0])))) rowProblems.push({ row: feature.row, field: issue.path.map(String).join('.') || 'properties', problem: said(issue) });
      for (const p of consistencyProblems(layer, parsed.success ? (parsed.data as Record<string, unknown>) : values)) rowProblems.push({ row: feature.row, field: p.field, problem: LOCALES.map((locale) => p.problem(locale)).join(' / ') });
      let ewkt = '';
      // A table without coordinate columns: the row goes to its group's (else village's) point, marked approximate.
      const placedAt = !feature.geometry && !feature.geometryProblem && placeable && locator ? locator.place(mapped.values) : null;
      const found = feature.geometry ?? (placedAt ? { type: 'Point', coordinates: placedAt } : null);
      // (A village or group that cannot be found is said once, at its field.)
      if (!found) {
        if (!(placeable && (flagged.has('villageCode') || flagged.has('groupCode')))) {
          rowProblems.push({ row: feature.row, field: 'geometry', problem: feature.geometryProblem ?? inEveryLocale(placeable ? 'importer.noPlace' : 'importer.noGeometry') });
        }
      } else {
        const geometry = singlePart(found, geometryType);
        const shape = geometryShapeProblem(geometry, geometryType);
        if (shape) rowProblems.push({ row: feature.row, field: 'geometry', problem: shape.message });
        else ewkt = `SRID=4326;${wkx.Geometry.parseGeoJSON(geometry).toWkt()}`;
      }
      const key = mapped.values[keyProperty] == null ? null : String(mapped.values[keyProperty]);
      if (key !== null) {
        const first = seenKeys.get(key);
        if (first !== undefined) rowProblems.push({ row: feature.row, field: keyProperty, problem: `与第 ${first} 行重复：${key} / Same key as row ${first}` });
        else seenKeys.set(key, feature.row);
      }
      if (rowProblems.length) {
        problems.push(...rowProblems);
        if (ewkt) candidates.push({ row: feature.row, values: {}, ewkt, key: null, county: null, existing: false, refs: references.map(() => null), flawed: true });
      } else {
        const values = parsed.success ? (parsed.data as Record<string, unknown>) : {};
        candidates.push({ row: feature.row, values, ewkt, key, county: null, existing: false, approximate: placedAt !== null, refs: references.map((r) => (values[r.property] == null ? null : String(values[r.property]))) });
      }
    }
    if (candidates.length === 0) continue;
    const checks = await checkRows(database, layer, candidates as RowToCheck[]);
    checks.forEach((check, i) => {
      const candidate = candidates[i];
      const before = problems.length;
      if (!check.valid) problems.push({ row: check.row, field: 'geometry', problem: `几何图形无效：${check.reason} / Invalid geometry: ${check.reason}` });
      else if (check.outsideKm > toleranceKm) {
        problems.push({ row: check.row, field: 'geometry', problem: `位置在县界外 ${check.outsideKm.toFixed(1)} 公里，超过允许的 ${toleranceKm} 公里 / ${check.outsideKm.toFixed(1)} km outside the county (tolerance ${toleranceKm} km)` });
      }
      references.forEach((ref, r) => {
        if (!check.refsFound[r]) problems.push({ row: check.row, field: ref.property, problem: `「${candidate.refs[r]}」不存在 / No ${ref.table} row "${candidate.refs[r]}"` });
      });
      // An account with a region imports inside it: neither new features elsewhere nor changes to features elsewhere.
      const placed = regionCodeOf(LAYERS[layer].regionProperties, { ...candidate.values, countyCode: candidate.values.countyCode ?? check.county });
      if (region && problems.length === before && !candidate.flawed && (!regionCovers(region.code, placed) || (check.existing && !regionCovers(region.code, check.storedRegion)))) {
        problems.push({ row: check.row, field: REGION_FIELD, problem: inEveryLocale('importer.outsideRegion', { region: region.name }) });
      }
      if (problems.length === before && !candidate.flawed) ready.push({ ...candidate, county: check.county, existing: check.existing });
    });
    await setImmediate();
  }
  hooks.progress({ phase: 'validating', done: total, total });

  const problemCounts: Record<string, number> = {};
  for (const p of problems) problemCounts[p.field] = (problemCounts[p.field] ?? 0) + 1;
  problems.sort((a, b) => a.row - b.row);
  const invalidRows = new Set(problems.map((p) => p.row)).size;
  const updates = ready.filter((r) => r.existing).length;
  const report: ImportReport = {
    total,
    valid: total - invalidRows,
    invalid: invalidRows,
    creates: ready.length - updates,
    updates,
    problemCounts,
    problems: problems.slice(0, MAX_LISTED_PROBLEMS),
    problemsTruncated: problems.length > MAX_LISTED_PROBLEMS,
  };
  return { report, ready };
}

export interface CommitResult {
  importId: number;
  created: number;
  updated: number;
  counties: string[];
}

/**
 * Writes validated rows all or nothing: the rows staged in a temporary table (COPY on a server; on
 * PGlite before the transaction, in short statements), then in one transaction the import record and
 * batches that insert or update by key from the stage, with an audit entry per feature. A cancel or
 * any failure rolls back everything.
 */
export async function commitRows(database: Database, layer: LayerId, rows: ReadyRow[], mapping: FieldMapping, meta: { user: Principal; fileName: string; format: string; options: unknown }, hooks: RunHooks, holdAlone: Admission['alone']): Promise<CommitResult> {
  const { geometry, countyProperty } = LAYER_TABLES[layer];
  const columns = propertyColumns(layer);
  const mapped = Object.keys(mapping).filter((p) => columns[p] && p !== APPROXIMATE_LOCATION);
  const countyColumn = countyProperty ? columns[countyProperty].name : null;
  const approximateColumn = (LAYERS[layer] as LayerDefinition).locatedByVillage ? columns[APPROXIMATE_LOCATION].name : null;
  const sqlColumns = [...new Set([...mapped.map((p) => columns[p].name), geometry.name, 'updated_by', ...(countyColumn ? [countyColumn] : []), ...(approximateColumn ? [approximateColumn] : [])])];
  const counties = [...new Set(rows.map((r) => r.county).filter((c): c is string => !!c))];
  // Each staged column's value of a row: the geometry, who, the mapped property (the county found when the file has none).
  const valueOf = sqlColumns.map((column): ((r: ReadyRow) => CopyValue) => {
    if (column === geometry.name) return (r) => r.ewkt;
    if (column === 'updated_by') return () => meta.user.username;
    if (column === approximateColumn) return (r) => (r.approximate ? 'true' : 'false');
    const property = mapped.find((p) => columns[p].name === column);
    return (r) => {
      const value = property === undefined ? null : (r.values[property] as CopyValue);
      return column === countyColumn && value == null ? r.county : value;
    };
  });
  const staging = `import_rows_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  const stage = async (executor: Tx) => {
    const staged = rows.map((r, seq) => [seq, ...valueOf.map((value) => value(r))]);
    hooks.progress({ phase: 'writing', done: 0, total: rows.length });
    await copyTextRows(executor, database.driver, staging, ['seq', ...sqlColumns], staged, async () => {
      hooks.checkCancelled();
      await setImmediate();
    });
  };
  // PGlite's transaction holds every other request: there the rows are staged first, in short
  // statements others run between, and the transaction only writes from the stage, alone (requests
  // inside finish first, new ones queue) so that no request waits behind it for its whole length.
  const stagedFirst = database.driver === 'pglite';
  if (stagedFirst) {
    await createStaging(database.db, staging, sqlColumns, 'caller');
    await stage(database.db as unknown as Tx);
  }
  try {
    return await holdAlone(() => database.db.transaction(async (tx) => {
      const [record] = rowsOf<{ id: number }>(await tx.execute(sql`
        INSERT INTO ${imports} (layer, user_id, username, file_name, format, options, created, updated)
        VALUES (${layer}, ${meta.user.id || null}, ${meta.user.username}, ${meta.fileName}, ${meta.format}, ${JSON.stringify(meta.options)}::jsonb, 0, 0) RETURNING id`));
      if (!stagedFirst) {
        await createStaging(tx, staging, sqlColumns);
        await stage(tx);
      }
      let created = 0;
      let updated = 0;
      const size = WRITE_BATCH[database.driver];
      for (let from = 0; from < rows.length; from += size) {
        hooks.checkCancelled();
        hooks.progress({ phase: 'writing', done: from, total: rows.length });
        await setImmediate();
        const counts = await upsertStaged(tx, layer, { importId: record.id, user: meta.user, staging, columns: sqlColumns, from, to: from + size });
        created += counts.created;
        updated += counts.updated;
      }
      hooks.checkCancelled();
      await tx.execute(sql`UPDATE ${imports} SET created = ${created}, updated = ${updated} WHERE id = ${record.id}`);
      hooks.progress({ phase: 'writing', done: rows.length, total: rows.length });
      return { importId: record.id, created, updated, counties };
    }));
  } finally {
    if (stagedFirst) await database.db.execute(sql`DROP TABLE IF EXISTS ${sql.identifier(staging)}`);
  }
}

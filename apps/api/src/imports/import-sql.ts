import { getTableConfig } from 'drizzle-orm/pg-core';
import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { LAYER_TABLES, propertyColumns, regionCodeSql, rowsOf, type Database, type Tx } from '@cuntu/db';
import { APPROXIMATE_LOCATION, type LayerId } from '@cuntu/domain';

/** The SQL column behind a property. */
const columnOf = (layer: LayerId, property: string): AnyColumn => propertyColumns(layer)[property];

/** The key column an import matches existing features by: the division code, or the external id. */
export function keyColumn(layer: LayerId): AnyColumn {
  return LAYER_TABLES[layer].idKind === 'code' ? LAYER_TABLES[layer].id : columnOf(layer, 'externalId');
}

/** Single-column foreign keys of a layer's table, as property → referenced table and column. */
export function referencesOf(layer: LayerId): Array<{ property: string; table: string; column: string }> {
  const { table } = LAYER_TABLES[layer];
  const byColumn = Object.entries(propertyColumns(layer));
  return getTableConfig(table).foreignKeys.flatMap((fk) => {
    const ref = fk.reference();
    if (ref.columns.length !== 1) return [];
    const property = byColumn.find(([, c]) => c.name === ref.columns[0].name)?.[0];
    return property ? [{ property, table: getTableConfig(ref.foreignTable).name, column: ref.foreignColumns[0].name }] : [];
  });
}

export interface RowToCheck {
  row: number;
  /** EWKT of the geometry. */
  ewkt: string;
  key: string | null;
  /** Values of the referencing properties, in `referencesOf` order. */
  refs: Array<string | null>;
}

export interface RowCheck {
  row: number;
  valid: boolean;
  reason: string;
  /** The county the geometry lies in, or the nearest one. */
  county: string | null;
  /** Kilometres outside that county (0 inside). */
  outsideKm: number;
  existing: boolean;
  /** Where the stored feature a row updates lies (its region code), null for a new one. */
  storedRegion: string | null;
  /** Per reference: whether the referenced row exists (true when no value was given). */
  refsFound: boolean[];
}

/** What only the database can say of a chunk of rows: valid geometry, which county, existing key, existing references. */
export async function checkRows(database: Database, layer: LayerId, rows: RowToCheck[]): Promise<RowCheck[]> {
  const { table } = LAYER_TABLES[layer];
  const refs = referencesOf(layer);
  const key = keyColumn(layer);
  const payload = JSON.stringify(rows.map((r) => ({ row: r.row, ewkt: r.ewkt, key: r.key, ...Object.fromEntries(r.refs.map((v, i) => [`ref${i}`, v])) })));
  const refColumns = refs.map((_, i) => sql`, ${sql.identifier(`ref${i}`)} text`);
  const refChecks = refs.map((ref, i) => sql`, (x.${sql.identifier(`ref${i}`)} IS NULL OR EXISTS (SELECT 1 FROM ${sql.identifier(ref.table)} f WHERE f.${sql.identifier(ref.column)} = x.${sql.identifier(`ref${i}`)})) AS ${sql.identifier(`found${i}`)}`);
  // A point whose coordinates passed the shape check is valid; other geometries get the reason only when invalid.
  const invalidReason = LAYER_TABLES[layer].geometryType === 'Point' ? sql`NULL::text` : sql`CASE WHEN ST_IsValid(g.g) THEN NULL ELSE ST_IsValidReason(g.g) END`;
  const found = await database.rows<Record<string, unknown> & { row: number; reason: string | null; county: string | null; existing: boolean; storedRegion: string | null }>(sql`
    SELECT x.row, ${invalidReason} AS reason,
      (SELECT c.code FROM counties c WHERE ST_Intersects(c.boundary, g.g) LIMIT 1) AS county,
      s.key IS NOT NULL AS existing, s.region AS "storedRegion"
      ${sql.join(refChecks, sql``)}
    FROM jsonb_to_recordset(${payload}::jsonb) AS x("row" int, ewkt text, key text ${sql.join(refColumns, sql``)})
    CROSS JOIN LATERAL (SELECT ST_GeomFromEWKT(x.ewkt) AS g) g
    LEFT JOIN LATERAL (
      SELECT t.${sql.identifier(key.name)}::text AS key, ${regionCodeSql(layer, (column) => sql`t.${sql.identifier(column.name)}`)} AS region
      FROM ${table} t WHERE x.key IS NOT NULL AND t.${sql.identifier(key.name)} = x.key
    ) s ON true
    ORDER BY x.row`);
  const outside = found.filter((r) => r.county === null).map((r) => r.row);
  const nearest = new Map<number, { county: string; km: number }>();
  if (outside.length) {
    const byRow = new Map(rows.map((r) => [r.row, r.ewkt]));
    const far = JSON.stringify(outside.map((row) => ({ row, ewkt: byRow.get(row) })));
    for (const n of await database.rows<{ row: number; county: string; km: number }>(sql`
      SELECT x.row, c.code AS county, ST_Distance(c.boundary::geography, ST_GeomFromEWKT(x.ewkt)::geography) / 1000 AS km
      FROM jsonb_to_recordset(${far}::jsonb) AS x("row" int, ewkt text)
      CROSS JOIN LATERAL (SELECT code, boundary FROM counties ORDER BY boundary <-> ST_GeomFromEWKT(x.ewkt) LIMIT 1) c`)) {
      nearest.set(n.row, { county: n.county, km: Number(n.km) });
    }
  }
  return found.map((r) => ({
    row: r.row,
    valid: r.reason === null,
    reason: r.reason ?? '',
    county: r.county ?? nearest.get(r.row)?.county ?? null,
    outsideKm: r.county ? 0 : nearest.get(r.row)?.km ?? Number.POSITIVE_INFINITY,
    existing: r.existing,
    storedRegion: r.storedRegion,
    refsFound: refs.map((_, i) => r[`found${i}`] === true),
  }));
}

/** A stored feature as JSON in the audit log's shape: `{ id, geometry, properties }`. */
function featureJson(layer: LayerId, alias: string): SQL {
  const { id, geometry } = LAYER_TABLES[layer];
  const a = sql.identifier(alias);
  const pairs = Object.entries(propertyColumns(layer)).map(([name, column]) => sql`${name}::text, ${a}.${sql.identifier(column.name)}`);
  return sql`jsonb_build_object('id', ${a}.${sql.identifier(id.name)}, 'geometry', ST_AsGeoJSON(${a}.${sql.identifier(geometry.name)}, 7)::jsonb,
    'properties', jsonb_build_object(${sql.join(pairs, sql`, `)}))`;
}

/** The SQL type a column's staged text is cast to (a serial column holds integers). */
function castType(column: AnyColumn): string {
  const type = column.getSQLType();
  return type === 'serial' ? 'integer' : type === 'bigserial' ? 'bigint' : type;
}

/**
 * Creates the table a commit stages its rows in: each row's position (`seq`) and every written column
 * as text, so that staging cannot fail on a value; the write casts. Dropped with the transaction it is
 * made in, or (`dropWith: 'caller'`) by the caller.
 */
export async function createStaging(tx: Pick<Tx, 'execute'>, name: string, columns: string[], dropWith: 'transaction' | 'caller' = 'transaction'): Promise<void> {
  await tx.execute(sql`CREATE TEMP TABLE ${sql.identifier(name)} (seq int PRIMARY KEY, ${sql.join(columns.map((c) => sql`${sql.identifier(c)} text`), sql`, `)}) ${dropWith === 'transaction' ? sql`ON COMMIT DROP` : sql``}`);
}

export interface StagedWrite {
  importId: number;
  user: { id: number; username: string };
  /** The staging table and the SQL columns it holds (those mapped, the geometry, the county, updated_by). */
  staging: string;
  columns: string[];
  /** The staged rows to write: `from` ≤ seq < `to`. */
  from: number;
  to: number;
}

/**
 * Inserts staged rows, or updates the features whose key already exists (only the columns imported),
 * and writes one audit entry per feature with its state before and after — one statement, in the
 * caller's transaction.
 */
export async function upsertStaged(tx: Tx, layer: LayerId, write: StagedWrite): Promise<{ created: number; updated: number }> {
  const { table } = LAYER_TABLES[layer];
  const key = keyColumn(layer).name;
  const idColumn = LAYER_TABLES[layer].id.name;
  const tableColumns = getTableConfig(table).columns;
  const cols = write.columns.map((c) => sql.identifier(c));
  const casts = write.columns.map((c) => {
    const column = tableColumns.find((t) => t.name === c);
    if (!column) throw new Error(`${layer} has no column ${c}`);
    return sql`CAST(s.${sql.identifier(c)} AS ${sql.raw(castType(column))}) AS ${sql.identifier(c)}`;
  });
  const tableName = getTableConfig(table).name;
  // A row placed by its village does not move a feature already placed precisely: its position and mark stay.
  const approximate = write.columns.find((c) => c === propertyColumns(layer)[APPROXIMATE_LOCATION]?.name);
  const keepsPlace = approximate ? sql`(EXCLUDED.${sql.identifier(approximate)} AND NOT coalesce(${sql.identifier(tableName)}.${sql.identifier(approximate)}, false))` : null;
  const updates = write.columns.filter((c) => c !== key).map((c) => (keepsPlace && (c === approximate || c === LAYER_TABLES[layer].geometry.name)
    ? sql`${sql.identifier(c)} = CASE WHEN ${keepsPlace} THEN ${sql.identifier(tableName)}.${sql.identifier(c)} ELSE EXCLUDED.${sql.identifier(c)} END`
    : sql`${sql.identifier(c)} = EXCLUDED.${sql.identifier(c)}`));
  // The features the rows update, by key; a file without keys only creates.
  const matchesInput = write.columns.includes(key)
    ? sql`t.${sql.identifier(key)} IN (SELECT i.${sql.identifier(key)} FROM input i WHERE i.${sql.identifier(key)} IS NOT NULL)`
    : sql`false`;
  const [counts] = rowsOf<{ created: number; updated: number }>(await tx.execute(sql`
    WITH input AS (SELECT s.seq, ${sql.join(casts, sql`, `)} FROM ${sql.identifier(write.staging)} s WHERE s.seq >= ${write.from} AND s.seq < ${write.to}),
    before AS (
      SELECT t.${sql.identifier(key)} AS k, ${featureJson(layer, 't')} AS doc FROM ${table} t
      WHERE ${matchesInput}
    ),
    up AS (
      INSERT INTO ${table} (${sql.join(cols, sql`, `)}) SELECT ${sql.join(cols, sql`, `)} FROM input ORDER BY seq
      ON CONFLICT (${sql.identifier(key)}) DO UPDATE SET ${sql.join(updates, sql`, `)}, version = ${sql.identifier(tableName)}.version + 1, updated_at = now()
      RETURNING *
    ),
    audit AS (
      INSERT INTO audit_log (user_id, username, layer, feature_id, action, before, after, import_id)
      SELECT ${write.user.id}, ${write.user.username}, ${layer}, up.${sql.identifier(idColumn)}::text, 'import', b.doc, ${featureJson(layer, 'up')}, ${write.importId}
      FROM up LEFT JOIN before b ON b.k = up.${sql.identifier(key)}
      RETURNING before IS NULL AS created
    )
    SELECT count(*) FILTER (WHERE created)::int AS created, count(*) FILTER (WHERE NOT created)::int AS updated FROM audit`));
  return counts;
}

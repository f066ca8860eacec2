import { and, asc, count, desc, eq, isNull, sql, type SQL } from 'drizzle-orm';
import { asGeoJson, asGeoJsonIn, auditLog, envelopeIn, LAYER_TABLES, propertyColumns, type CrsOfSql, type Db } from '@cuntu/db';
import type { LayerId, ServedCrs } from '@cuntu/domain';
import type { Cql2Node } from '@cuntu/cql2';

/** A stored feature as the API shows it: key, GeoJSON geometry and properties (all columns but geometries). */
export interface StoredFeature {
  id: string | number;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown> & { version: number };
}

export interface ListQuery {
  /** Four numbers in `bboxCrs`'s axis order (CRS84 when absent). */
  bbox?: [number, number, number, number];
  bboxCrs?: ServedCrs;
  /** The CRS to answer in (CRS84 when absent). */
  crs?: ServedCrs;
  /** A CQL2 filter (OGC API – Features Part 3) and the CRS its geometries are written in. */
  filter?: { node: Cql2Node; crs: ServedCrs };
  /** Equality filters by property; `null` matches a missing value. */
  filters: Array<{ property: string; value: string | number | boolean | null }>;
  sort?: { property: string; descending: boolean };
  limit: number;
  offset: number;
}

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Executor = Db | Tx;

/** Every property column and the geometry, as GeoJSON in CRS84 or the CRS asked for. */
const selection = (layer: LayerId, crs?: CrsOfSql) => ({
  ...propertyColumns(layer),
  __geometry: crs ? asGeoJsonIn(LAYER_TABLES[layer].geometry, crs) : asGeoJson(LAYER_TABLES[layer].geometry),
});

function toFeature(layer: LayerId, row: Record<string, unknown>): StoredFeature {
  const { __geometry, ...properties } = row;
  return { id: properties[LAYER_TABLES[layer].idProperty] as string | number, geometry: __geometry as StoredFeature['geometry'], properties: properties as StoredFeature['properties'] };
}

/** All SQL of the features API: reads, conditional writes, the audit trail. */
export function createFeaturesRepo(db: Executor) {
  return {
    /** A page of features; `condition` is the filter already translated to SQL (`cql2-sql.ts`). */
    async list(layer: LayerId, q: ListQuery, condition?: SQL): Promise<{ total: number; features: StoredFeature[] }> {
      const { table, geometry, id } = LAYER_TABLES[layer];
      const columns = propertyColumns(layer);
      const conditions: SQL[] = q.filters.map(({ property, value }) => (value === null ? isNull(columns[property]) : eq(columns[property], value)));
      if (condition) conditions.push(condition);
      // The features whose geometry meets the box (OGC API – Features: not merely their bounding boxes).
      if (q.bbox) conditions.push(sql`ST_Intersects(${geometry}, ${q.bboxCrs ? envelopeIn(q.bbox, q.bboxCrs) : sql`ST_MakeEnvelope(${q.bbox[0]}, ${q.bbox[1]}, ${q.bbox[2]}, ${q.bbox[3]}, 4326)`})`);
      const where = conditions.length ? and(...conditions) : undefined;
      const [{ n }] = await db.select({ n: count() }).from(table).where(where);
      const order = q.sort ? (q.sort.descending ? desc(columns[q.sort.property]) : asc(columns[q.sort.property])) : asc(id);
      const rows = await db.select(selection(layer, q.crs)).from(table).where(where).orderBy(order, asc(id)).limit(q.limit).offset(q.offset);
      return { total: n, features: rows.map((r) => toFeature(layer, r)) };
    },

    async get(layer: LayerId, key: string | number, lock = false, crs?: CrsOfSql): Promise<StoredFeature | null> {
      const { table, id } = LAYER_TABLES[layer];
      const query = db.select(selection(layer, crs)).from(table).where(eq(id, key));
      const [row] = lock ? await query.for('update') : await query;
      return row ? toFeature(layer, row) : null;
    },

    async insert(layer: LayerId, values: Record<string, unknown>): Promise<StoredFeature> {
      const { table } = LAYER_TABLES[layer];
      const [row] = await db.insert(table).values(values as never).returning(selection(layer));
      return toFeature(layer, row as Record<string, unknown>);
    },

    /** Writes `values` and bumps the version; the caller has locked the row and checked its version. */
    async update(layer: LayerId, key: string | number, values: Record<string, unknown>): Promise<StoredFeature> {
      const { table, id } = LAYER_TABLES[layer];
      const [row] = await db.update(table).set({ ...values, version: sql`version + 1`, updatedAt: sql`now()` } as never).where(eq(id, key)).returning(selection(layer));
      return toFeature(layer, row as Record<string, unknown>);
    },

    async delete(layer: LayerId, key: string | number): Promise<void> {
      const { table, id } = LAYER_TABLES[layer];
      await db.delete(table).where(eq(id, key));
    },

    async audit(entry: { userId: number; username: string; layer: LayerId; featureId: string | number; action: 'create' | 'update' | 'delete' | 'revert'; before: StoredFeature | null; after: StoredFeature | null }): Promise<void> {
      await db.insert(auditLog).values({ ...entry, featureId: String(entry.featureId) });
    },

    async history(layer: LayerId, key: string | number) {
      return db.select().from(auditLog).where(and(eq(auditLog.layer, layer), eq(auditLog.featureId, String(key)))).orderBy(asc(auditLog.id));
    },

    async deleteResults(subjectType: string, key: string | number): Promise<void> {
      await db.execute(sql`DELETE FROM check_results WHERE subject_type = ${subjectType} AND subject_id = ${String(key)}`);
    },
  };
}

import { sql } from 'drizzle-orm';
import * as schema from '@cuntu/db';
import type { Database, Db } from '@cuntu/db';
import { TABLE_ORDER, type SampleDataset, type TableName } from './dataset';
import { datasetChecksum } from './checksum';

const TABLES: Record<TableName, Parameters<Db['insert']>[0]> = {
  counties: schema.counties, towns: schema.towns, villages: schema.villages, villageGroups: schema.villageGroups,
  villageStats: schema.villageStats, roads: schema.roads, villageFacilities: schema.villageFacilities,
  waterSources: schema.waterSources, waterTests: schema.waterTests, waterSourceGroups: schema.waterSourceGroups,
  houses: schema.houses, relocationSites: schema.relocationSites, povertyAssets: schema.povertyAssets,
};
/** Tables whose ids the generator assigns: their sequences move past the largest id after loading. */
const SERIAL_TABLES = ['roads', 'village_facilities', 'water_sources', 'water_tests', 'houses', 'relocation_sites', 'village_stats', 'poverty_assets'];
const BATCH = 400;

/** What `app_meta.sample` records about the loaded sample county. */
export interface SampleMeta {
  seed: number;
  scale: number;
  prefecture: boolean;
  asOf: string;
  countyCodes: string[];
  checksum: string;
}

export interface LoadProgress {
  table: TableName;
  rows: number;
}

/** Inserts a generated dataset in one transaction (all or nothing) and records it in `app_meta`. */
export async function loadSampleData(database: Database, data: SampleDataset, onProgress?: (p: LoadProgress) => void): Promise<SampleMeta> {
  const meta: SampleMeta = { ...data.meta, checksum: datasetChecksum(data) };
  await database.db.transaction(async (tx) => {
    for (const table of TABLE_ORDER) {
      const rows = data[table];
      for (let i = 0; i < rows.length; i += BATCH) await tx.insert(TABLES[table]).values(rows.slice(i, i + BATCH) as never);
      onProgress?.({ table, rows: rows.length });
    }
    for (const table of SERIAL_TABLES) {
      await tx.execute(sql.raw(`SELECT setval(pg_get_serial_sequence('${table}', 'id'), GREATEST((SELECT max(id) FROM ${table}), 1))`));
    }
    await tx.insert(schema.appMeta).values({ key: 'sample', value: meta }).onConflictDoUpdate({ target: schema.appMeta.key, set: { value: meta } });
  });
  return meta;
}

/** The sample county recorded in `app_meta`, or null when none was loaded. */
export async function getSampleMeta(database: Database): Promise<SampleMeta | null> {
  const rows = await database.rows<{ value: SampleMeta }>(sql`SELECT value FROM app_meta WHERE key = 'sample'`);
  return rows[0]?.value ?? null;
}

const CHECKSUM_KEYS: Record<string, string> = {
  counties: 'code', towns: 'code', villages: 'code', village_groups: 'code', village_stats: 'village_code, year',
  roads: 'id', village_facilities: 'id', water_sources: 'id', water_tests: 'id', water_source_groups: 'source_id, group_code',
  houses: 'id', relocation_sites: 'id', poverty_assets: 'id',
};

/**
 * MD5 over every stored row of the sample tables (less the edit-tracking columns), table by table:
 * the same seed loaded through either driver must give the same value.
 */
export async function databaseChecksum(database: Database): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const [table, key] of Object.entries(CHECKSUM_KEYS)) {
    const [row] = await database.rows<{ md5: string; n: number }>(sql.raw(
      `SELECT md5(coalesce(string_agg((to_jsonb(t) - 'version' - 'updated_at' - 'updated_by')::text, E'\\n' ORDER BY ${key}), '')) AS md5, count(*)::int AS n FROM ${table} t`,
    ));
    result[table] = `${row.n}:${row.md5}`;
  }
  return result;
}

import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { appMeta, getPostgisVersion, getSchemaVersion, latestMigrationTag, migrateDatabase, openDatabase, type Database } from '../index';
import { DRIVERS, openEmptyDatabase } from './test-databases';

const EXPECTED_TABLES = [
  'access_tokens', 'app_meta', 'attachment_blobs', 'attachments', 'audit_log', 'auth_failures', 'check_figures', 'check_results', 'check_runs', 'counties', 'houses', 'imports', 'job_files', 'jobs', 'layer_changes', 'layer_revisions', 'poverty_assets', 'rectification_tasks', 'relocation_sites', 'roads', 'sessions',
  'standards_profiles', 'stored_tiles', 'task_notices', 'towns', 'users', 'village_facilities', 'village_groups', 'village_stats', 'villages',
  'water_source_groups', 'water_sources', 'water_tests',
];

describe.each(DRIVERS)('migrations on %s', (driver) => {
  let database: Database;

  beforeAll(async () => {
    database = await openEmptyDatabase(driver);
  });
  afterAll(() => database?.close());

  it('starts empty and applies every committed migration', async () => {
    expect(await getSchemaVersion(database).catch(() => 'none')).toBe('none');
    await migrateDatabase(database);
    const tables = await database.rows<{ table_name: string }>(
      sql`SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`,
    );
    expect(tables.map((t) => t.table_name).filter((t) => t !== 'spatial_ref_sys')).toEqual(EXPECTED_TABLES);
    expect(await getSchemaVersion(database)).toBe(await latestMigrationTag());
    expect(await latestMigrationTag()).toMatch(/^\d{4}_/);
    expect(await getPostgisVersion(database)).toMatch(/^3\.\d+/);
  });

  it('stores geometry in SRID 4326 with a GiST index on every geometry column', async () => {
    const columns = await database.rows<{ table: string; column: string; srid: number }>(
      sql`SELECT f_table_name AS "table", f_geometry_column AS "column", srid FROM geometry_columns WHERE f_table_schema = 'public'`,
    );
    expect(columns.length).toBeGreaterThanOrEqual(14);
    for (const c of columns) expect(c.srid, `${c.table}.${c.column}`).toBe(4326);
    const indexes = await database.rows<{ indexdef: string }>(sql`SELECT indexdef FROM pg_indexes WHERE schemaname = 'public' AND indexdef ILIKE '%USING gist%'`);
    for (const c of columns) {
      expect(indexes.some((i) => i.indexdef.includes(`ON public.${c.table} USING gist (${c.column})`)), `GiST on ${c.table}.${c.column}`).toBe(true);
    }
  });

  it('is idempotent: migrating again changes nothing', async () => {
    await migrateDatabase(database);
    expect(await getSchemaVersion(database)).toBe(await latestMigrationTag());
  });

  it('bumps a layer\'s revision once per writing statement, for tile ETags', async () => {
    const revision = async (layer: string) =>
      Number((await database.rows<{ r: string | number }>(sql`SELECT coalesce((SELECT revision FROM layer_revisions WHERE layer = ${layer}), 0) AS r`))[0].r);
    const [houses, roads] = [await revision('houses'), await revision('roads')];
    await database.rows(sql`DELETE FROM houses WHERE id < 0`);
    await database.rows(sql`UPDATE houses SET version = version + 1 WHERE id < 0`);
    expect(await revision('houses')).toBe(houses + 2);
    expect(await revision('roads')).toBe(roads);
  });

  it('answers a prepared statement as it answers the same statement unprepared, for every value', async () => {
    const query = (n: number) => sql`SELECT ${n}::int + 1 AS next, ${`ab${n}`}::text AS label, ARRAY['x', ${String(n)}]::text[] AS list`;
    for (const n of [1, 2, 3, 4, 5, 6, 7]) {
      expect(await database.rows(query(n), { prepare: true })).toEqual(await database.rows(query(n)));
    }
    if (driver === 'postgres') {
      // Planned once where prepared; planned per call everywhere else.
      const mode = sql`SELECT current_setting('plan_cache_mode') AS mode`;
      expect(await database.rows(mode, { prepare: true })).toEqual([{ mode: 'force_generic_plan' }]);
      expect(await database.rows(mode)).toEqual([{ mode: 'auto' }]);
    }
  });

  it('opens server connections without JIT compilation, prepared or not', async () => {
    if (driver !== 'postgres') return; // PGlite has no JIT
    const jit = sql`SELECT current_setting('jit') AS jit`;
    expect(await database.rows(jit)).toEqual([{ jit: 'off' }]);
    expect(await database.rows(jit, { prepare: true })).toEqual([{ jit: 'off' }]);
  });

  it('opens every pooled connection when asked, as a server process starts', async () => {
    if (driver !== 'postgres') return; // PGlite has its one
    const backends = sql`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND backend_type = 'client backend'`;
    await database.openConnections();
    // The test database's pools: two connections, and two for prepared statements.
    expect(await database.rows(backends)).toEqual([{ n: 4 }]);
  });

  it('hands every notification on a channel to its listeners, until they stop', async () => {
    const heard: string[] = [];
    const stop = await database.listen('cuntu_probe', (payload) => heard.push(payload));
    await database.rows(sql`SELECT pg_notify('cuntu_probe', 'first'), pg_notify('cuntu_other', 'elsewhere')`);
    await database.rows(sql`SELECT pg_notify('cuntu_probe', 'second')`);
    await expect.poll(() => heard, { timeout: 5_000 }).toEqual(['first', 'second']);
    await stop();
    await database.rows(sql`SELECT pg_notify('cuntu_probe', 'after')`);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(heard).toEqual(['first', 'second']);
  });

  it('reports the driver it opened', () => {
    expect(database.driver).toBe(driver);
  });

  it.runIf(driver === 'pglite')('lets the event loop turn every few milliseconds while statements queue back to back (a turn is when requests are taken in)', async () => {
    let last = performance.now();
    let longest = 0;
    const ticker = setInterval(() => {
      const now = performance.now();
      longest = Math.max(longest, now - last);
      last = now;
    }, 1);
    const started = performance.now();
    await Promise.all(Array.from({ length: 120 }, () => database.rows(sql`SELECT sum(g) FROM generate_series(1, 20000) AS g`)));
    const took = performance.now() - started;
    clearInterval(ticker);
    // Long enough to need turns; at a 100 ms turn the loop stood still for over 100 ms at a time.
    expect(took).toBeGreaterThan(250);
    expect(longest, `the loop stood still for ${longest.toFixed(0)} ms`).toBeLessThan(90);
  });
});

describe('PGlite data directory', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-persist-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  // Two cold starts of PGlite + PostGIS: about 11 s each on an idle machine, over 30 s each on two busy cores.
  const COLD_STARTS_TIMEOUT = 180_000;
  it('persists across restarts', async () => {
    const first = await openDatabase({ url: '', dataDir: dir });
    await first.db.insert(appMeta).values({ key: 'probe', value: { written: 'before restart' } });
    await first.close();
    const second = await openDatabase({ url: '', dataDir: dir });
    const rows = await second.rows<{ value: { written: string } }>(sql`SELECT value FROM app_meta WHERE key = 'probe'`);
    await second.close();
    expect(rows[0].value.written).toBe('before restart');
  }, COLD_STARTS_TIMEOUT);
});

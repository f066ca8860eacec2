import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database, type DriverName } from '@cuntu/db';

/** The PostGIS server benchmarks use: BENCH_DATABASE_URL, else TEST_DATABASE_URL, else the local server. */
export const SERVER_URL = process.env.BENCH_DATABASE_URL ?? process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, migrated database on `driver`, removed again by `close()`. */
export async function openBenchDatabase(driver: DriverName): Promise<Database> {
  if (driver === 'pglite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-bench-'));
    const database = await openDatabase({ url: '', dataDir: dir });
    return { ...database, close: async () => { await database.close(); await rm(dir, { recursive: true, force: true }); } };
  }
  const name = `cuntu_bench_${process.pid}_${Date.now()}`;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.href });
  return {
    ...database,
    close: async () => {
      await database.close();
      // BENCH_KEEP_DATABASE=1 keeps it for a closer look afterwards (profiling a request on the same data).
      if (process.env.BENCH_KEEP_DATABASE) console.log(`kept database ${url.href}`);
      else await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** The URL of a bench database on the server (for processes of its own: portals, bare SQL). */
export async function benchDatabaseUrl(database: Database): Promise<string> {
  const [{ name }] = await database.rows<{ name: string }>(sql`SELECT current_database() AS name`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.href;
}

/** Whether the PostGIS server answers and has the extension available. */
export async function serverAvailable(): Promise<boolean> {
  const probe = postgres(SERVER_URL, { max: 1, connect_timeout: 3, onnotice: () => undefined });
  try {
    const [row] = await probe`SELECT count(*)::int AS n FROM pg_available_extensions WHERE name = 'postgis'`;
    return row.n > 0;
  } catch {
    return false;
  } finally {
    await probe.end();
  }
}

export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * Runs `measure` against a portal's environment on each driver in turn: PGlite in a fresh data
 * directory, then (when the server answers) a fresh PostGIS database, each removed afterwards.
 */
export async function onEachDriver(prefix: string, measure: (driver: DriverName, env: Record<string, string>) => Promise<void>): Promise<void> {
  const dir = await mkdtemp(path.join(os.tmpdir(), `${prefix}-`));
  try {
    await measure('pglite', { CUNTU_DATA_DIR: dir, DATABASE_URL: '' });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  if (!(await serverAvailable())) {
    console.log('PostGIS server not reachable (set BENCH_DATABASE_URL): PGlite only');
    return;
  }
  const name = `${prefix.replace(/-/g, '_')}_${process.pid}`;
  const admin = postgres(SERVER_URL, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  try {
    await measure('postgres', { DATABASE_URL: url.href });
  } finally {
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  }
}

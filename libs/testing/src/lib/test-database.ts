import { cp, mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { openDatabase, type Database, type DriverName } from '@cuntu/db';

/** Where the global setup keeps the PGlite template (migrated, sample county loaded, seed 1). */
export const PGLITE_TEMPLATE_DIR = fileURLToPath(new URL('../../../../tmp/test-templates/pglite', import.meta.url));
/** The seed every template database holds. */
export const TEMPLATE_SEED = 1;

/** The drivers this run tests: PGlite always, the PostGIS server when TEST_DATABASE_URL is set. */
export const TEST_DRIVERS: DriverName[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** The name of the server template database, beside the TEST_DATABASE_URL database. */
export function serverTemplateName(baseUrl = process.env.TEST_DATABASE_URL!): string {
  return `${new URL(baseUrl).pathname.slice(1)}_template`;
}

export function withDatabaseName(baseUrl: string, name: string): string {
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  return url.href;
}

export interface TestDatabase extends Database {
  /** For PGlite, its private data directory; for the server, the database URL. */
  location: string;
}

export interface TestDatabaseOptions {
  /** Start from the sample-county template (true) or from an empty, unmigrated database (false). Default: true. */
  sample?: boolean;
}

/**
 * A private database for one test file: a copy of the template data directory (PGlite) or a database
 * created from the template database (server). Closing it deletes it.
 */
export async function openTestDatabase(driver: DriverName, options: TestDatabaseOptions = {}): Promise<TestDatabase> {
  const sample = options.sample ?? true;
  if (driver === 'pglite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-test-'));
    if (sample) await cp(PGLITE_TEMPLATE_DIR, dir, { recursive: true });
    const database = await openDatabase({ url: '', dataDir: dir, migrate: sample });
    return { ...database, location: dir, close: async () => { await database.close(); await rm(dir, { recursive: true, force: true }); } };
  }
  const base = process.env.TEST_DATABASE_URL;
  if (!base) throw new Error('TEST_DATABASE_URL is not set');
  const name = `cuntu_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = postgres(base, { max: 1, onnotice: () => undefined });
  await admin.unsafe(sample ? `CREATE DATABASE ${name} TEMPLATE ${serverTemplateName(base)}` : `CREATE DATABASE ${name}`);
  await admin.end();
  const url = withDatabaseName(base, name);
  const database = await openDatabase({ url, migrate: sample, maxConnections: 4 });
  return {
    ...database,
    location: url,
    close: async () => {
      await database.close();
      const cleanup = postgres(base, { max: 1, onnotice: () => undefined });
      await cleanup.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

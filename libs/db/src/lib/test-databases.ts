import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { openDatabase, type Database, type DriverName } from './open-database';

// This lib sits below @cuntu/testing, so its tests make their own empty databases.
export const DRIVERS: DriverName[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/** A new, empty, unmigrated database on `driver`; closing it deletes it. */
export async function openEmptyDatabase(driver: DriverName): Promise<Database> {
  if (driver === 'pglite') {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-db-'));
    const database = await openDatabase({ url: '', dataDir: dir, migrate: false });
    return { ...database, close: async () => { await database.close(); await rm(dir, { recursive: true, force: true }); } };
  }
  const base = process.env.TEST_DATABASE_URL!;
  const name = `cuntu_db_${process.pid}_${Date.now()}`;
  const admin = postgres(base, { max: 1, onnotice: () => undefined });
  await admin.unsafe(`CREATE DATABASE ${name}`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.href, migrate: false, maxConnections: 2 });
  return { ...database, close: async () => { await database.close(); await admin.unsafe(`DROP DATABASE ${name} WITH (FORCE)`); await admin.end(); } };
}


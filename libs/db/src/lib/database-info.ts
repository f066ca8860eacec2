import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import { MIGRATIONS_FOLDER, type Database } from './open-database';

/** The PostGIS library version the database reports, e.g. "3.3.2" or "3.6.0". */
export async function getPostgisVersion(database: Database): Promise<string> {
  const [row] = await database.rows<{ version: string }>(sql`SELECT postgis_lib_version() AS version`);
  return row.version;
}

/**
 * The schema version: the tag of the newest migration applied, checked against the committed journal
 * so a database migrated by a newer build is told apart.
 */
export async function getSchemaVersion(database: Database): Promise<string> {
  const journal = await readJournal();
  const rows = await database.rows<{ created_at: string | number }>(
    sql`SELECT created_at FROM drizzle.__drizzle_migrations ORDER BY created_at DESC LIMIT 1`,
  );
  if (rows.length === 0) return 'none';
  const newest = Number(rows[0].created_at);
  const entry = journal.entries.find((e) => e.when === newest);
  return entry ? entry.tag : `unknown(${newest})`;
}

interface Journal {
  entries: Array<{ idx: number; tag: string; when: number }>;
}

async function readJournal(): Promise<Journal> {
  return JSON.parse(await readFile(path.join(MIGRATIONS_FOLDER, 'meta/_journal.json'), 'utf8')) as Journal;
}

/** The tag of the newest committed migration: what a fully migrated database reports. */
export async function latestMigrationTag(): Promise<string> {
  const { entries } = await readJournal();
  return entries[entries.length - 1].tag;
}

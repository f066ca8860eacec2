import { spawnSync } from 'node:child_process';
import { cp, mkdtemp, rm, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { getSchemaVersion, openDatabase, type Database } from '@cuntu/db';
import { databaseChecksum } from '@cuntu/sample-data';
import { openTestDatabase, PGLITE_TEMPLATE_DIR, withDatabaseName } from '@cuntu/testing';
import { backupPglite, restorePglite } from './pglite-backup';

/** What must survive a backup: every table's rows, the schema version, and working PostGIS. */
async function fingerprint(database: Database) {
  const [{ area }] = await database.rows<{ area: number }>(sql`SELECT round(sum(ST_Area(boundary::geography)) / 1e6) AS area FROM counties`);
  return { checksum: await databaseChecksum(database), schema: await getSchemaVersion(database), areaKm2: Number(area) };
}

describe('backup and restore of the embedded database (PGlite)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-backup-'));
    await cp(PGLITE_TEMPLATE_DIR, path.join(dir, 'original'), { recursive: true });
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('round-trips the sample county: same rows, schema and PostGIS after restoring into a new data directory', async () => {
    const original = await openDatabase({ url: '', dataDir: path.join(dir, 'original'), migrate: false });
    const before = await fingerprint(original);
    await original.close();
    expect(before.areaKm2).toBeGreaterThan(7_000);

    const file = path.join(dir, 'cuntu.tar.gz');
    const { bytes } = await backupPglite(path.join(dir, 'original'), file);
    expect(bytes).toBe((await stat(file)).size);
    await restorePglite(file, path.join(dir, 'restored'));
    const restored = await openDatabase({ url: '', dataDir: path.join(dir, 'restored'), migrate: false });
    try {
      expect(await fingerprint(restored)).toEqual(before);
    } finally {
      await restored.close();
    }
  }, 180_000); // Three cold starts of PGlite + PostGIS, slow on two busy cores.

  it('refuses to restore over a database, and to back up a folder with none', async () => {
    await expect(restorePglite(path.join(dir, 'cuntu.tar.gz'), path.join(dir, 'original'))).rejects.toThrow(/not empty/);
    await expect(backupPglite(path.join(dir, 'nothing-here'), path.join(dir, 'x.tar.gz'))).rejects.toThrow(/no PGlite database/);
  });

  it('refuses to back up a directory a running portal holds, naming it', async () => {
    const running = await openDatabase({ url: '', dataDir: path.join(dir, 'original'), migrate: false, purpose: 'portal' });
    try {
      await expect(backupPglite(path.join(dir, 'original'), path.join(dir, 'y.tar.gz'))).rejects.toThrow(`in use by process ${process.pid} (portal`);
    } finally {
      await running.close();
    }
  }, 60_000);
});

describe.runIf(!!process.env.TEST_DATABASE_URL)('backup and restore on a PostGIS server (pg_dump / pg_restore)', () => {
  it('round-trips the sample county through pg_dump -Fc and pg_restore into a new database', async () => {
    const source = await openTestDatabase('postgres');
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-pgdump-'));
    const target = `cuntu_restore_${process.pid}`;
    const admin = postgres(process.env.TEST_DATABASE_URL!, { max: 1, onnotice: () => undefined });
    try {
      const before = await fingerprint(source);
      const file = path.join(dir, 'cuntu.dump');
      const dump = spawnSync('pg_dump', ['--format=custom', `--file=${file}`, source.location], { encoding: 'utf8' });
      expect(dump.status, dump.stderr).toBe(0);
      await admin.unsafe(`CREATE DATABASE ${target}`);
      const targetUrl = withDatabaseName(process.env.TEST_DATABASE_URL!, target);
      const restore = spawnSync('pg_restore', ['--no-owner', `--dbname=${targetUrl}`, file], { encoding: 'utf8' });
      expect(restore.status, restore.stderr).toBe(0);
      const restored = await openDatabase({ url: targetUrl, migrate: false, maxConnections: 1 });
      try {
        expect(await fingerprint(restored)).toEqual(before);
      } finally {
        await restored.close();
      }
    } finally {
      await source.close();
      await admin.unsafe(`DROP DATABASE IF EXISTS ${target} WITH (FORCE)`);
      await admin.end();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

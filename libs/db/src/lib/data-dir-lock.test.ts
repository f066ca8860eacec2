import { spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DataDirInUseError, dataDirHolder, openDatabase } from '../index';

describe('one process per embedded data directory', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'cuntu-lock-'));
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('refuses a second opening of a directory in use, naming the process; the directory is free again once closed', async () => {
    const dir = path.join(root, 'twice');
    const first = await openDatabase({ url: '', dataDir: dir, migrate: false, purpose: 'portal' });
    try {
      const refusal = await openDatabase({ url: '', dataDir: dir, migrate: false, purpose: 'create-admin' }).then(() => null, (e: unknown) => e);
      expect(refusal).toBeInstanceOf(DataDirInUseError);
      expect((refusal as Error).message).toContain(`process ${process.pid}`);
      expect((refusal as Error).message).toContain('portal');
      expect((await dataDirHolder(dir))?.purpose).toBe('portal');
      expect((await stat(`${dir}.lock`)).mode & 0o077).toBe(0);
      // The first holder goes on working.
      expect(await first.rows(sql`SELECT 1 AS one`)).toEqual([{ one: 1 }]);
    } finally {
      await first.close();
    }
    expect(await dataDirHolder(dir)).toBeNull();
    const again = await openDatabase({ url: '', dataDir: dir, migrate: false });
    await again.close();
  });

  it('refuses a directory another live process holds', async () => {
    const dir = path.join(root, 'other');
    await writeFile(`${dir}.lock`, JSON.stringify({ pid: process.ppid, purpose: 'portal', startedAt: '2026-12-03T08:00:00Z' }));
    const refusal = await openDatabase({ url: '', dataDir: dir, migrate: false }).then(() => null, (e: unknown) => e);
    expect(refusal).toBeInstanceOf(DataDirInUseError);
    expect((refusal as Error).message).toContain(`process ${process.ppid} (portal`);
  });

  it('takes over a lock its process left behind when it died', async () => {
    const dir = path.join(root, 'stale');
    const gone = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']).stdout.toString();
    await writeFile(`${dir}.lock`, JSON.stringify({ pid: Number(gone), purpose: 'portal', startedAt: '2026-12-01T08:00:00Z' }));
    const database = await openDatabase({ url: '', dataDir: dir, migrate: false, purpose: 'portal' });
    expect((await dataDirHolder(dir))?.pid).toBe(process.pid);
    await database.close();
  });
});

import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { postgis } from '@electric-sql/pglite-postgis';
import { lockDataDir } from '@cuntu/db';

/** Whether a folder exists and holds anything. */
async function inUse(dir: string): Promise<boolean> {
  return (await stat(dir).catch(() => null))?.isDirectory() ? (await readdir(dir)).length > 0 : false;
}

/**
 * Writes the embedded database in `dataDir` to one gzipped tar file (PGlite's `dumpDataDir`): the whole
 * cluster, PostGIS and all. Stop the portal first: PGlite data directories are single-process, and a
 * directory another process holds is refused (`DataDirInUseError`, naming it).
 */
export async function backupPglite(dataDir: string, outFile: string): Promise<{ bytes: number }> {
  if (!(await inUse(dataDir))) throw new Error(`no PGlite database in ${path.resolve(dataDir)}`);
  const lock = await lockDataDir(dataDir, 'backup');
  try {
    const db = await PGlite.create({ dataDir: path.resolve(dataDir), extensions: { postgis } });
    try {
      const dump = await db.dumpDataDir('gzip');
      const bytes = new Uint8Array(await dump.arrayBuffer());
      await writeFile(outFile, bytes);
      return { bytes: bytes.byteLength };
    } finally {
      await db.close();
    }
  } finally {
    await lock.release();
  }
}

/** Restores a `backupPglite` file into `dataDir`, which must be empty or missing (nothing is overwritten). */
export async function restorePglite(inFile: string, dataDir: string): Promise<void> {
  if (await inUse(dataDir)) throw new Error(`${path.resolve(dataDir)} is not empty: restore into a new data directory`);
  const dump = new Blob([new Uint8Array(await readFile(inFile))], { type: 'application/x-gzip' });
  const lock = await lockDataDir(dataDir, 'restore');
  try {
    const db = await PGlite.create({ dataDir: path.resolve(dataDir), loadDataDir: dump, extensions: { postgis } });
    await db.query('SELECT 1');
    await db.close();
  } finally {
    await lock.release();
  }
}

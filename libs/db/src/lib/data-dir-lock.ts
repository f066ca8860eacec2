import { open, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/** Who holds an embedded data directory: written to `<dataDir>.lock` while it is open. */
export interface DataDirHolder {
  pid: number;
  /** What the process is, e.g. "portal" or "create-admin". */
  purpose: string;
  startedAt: string;
  /** A running portal's loopback address and the token its local set-up routes accept (see `create-admin`). */
  url?: string;
  setupToken?: string;
}

/** A second process tried to open a data directory another live process holds (the catalogue's `error.dataDirInUse` says it in both languages). */
export class DataDirInUseError extends Error {
  constructor(readonly dataDir: string, readonly holder: DataDirHolder) {
    super(`The data directory ${dataDir} is in use by process ${holder.pid} (${holder.purpose}, since ${holder.startedAt}): one process at a time may open an embedded database`);
    this.name = 'DataDirInUseError';
  }

  /** The facts `error.dataDirInUse` names. */
  get params() {
    return { dir: this.dataDir, pid: this.holder.pid, purpose: this.holder.purpose, since: this.holder.startedAt };
  }
}

export interface DataDirLock {
  /** Adds facts to the lock file (a portal's address once it listens). */
  annotate(extra: Partial<Pick<DataDirHolder, 'url' | 'setupToken'>>): Promise<void>;
  release(): Promise<void>;
}

const lockPath = (dataDir: string) => `${path.resolve(dataDir)}.lock`;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it exists but belongs to another user; still a holder.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The live process holding `dataDir`, or null when none does (a lock left by a dead process is no holder). */
export async function dataDirHolder(dataDir: string): Promise<DataDirHolder | null> {
  let text: string;
  try {
    text = await readFile(lockPath(dataDir), 'utf8');
  } catch {
    return null;
  }
  try {
    const holder = JSON.parse(text) as DataDirHolder;
    return Number.isInteger(holder.pid) && alive(holder.pid) ? holder : null;
  } catch {
    return null; // a lock file cut short by a crash while it was written
  }
}

/**
 * Takes the data directory for this process: the lock file is created exclusively, so of two processes
 * starting at once one wins; a lock whose process is gone is taken over. Throws `DataDirInUseError`
 * naming the holder when a live process has it. The file is readable by its owner only: it may carry
 * the portal's set-up token.
 */
export async function lockDataDir(dataDir: string, purpose: string): Promise<DataDirLock> {
  const file = lockPath(dataDir);
  let holder: DataDirHolder = { pid: process.pid, purpose, startedAt: new Date().toISOString() };
  for (let attempt = 0; ; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      await handle.writeFile(JSON.stringify(holder));
      await handle.close();
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 2) throw e;
      const current = await dataDirHolder(dataDir);
      // A live holder (this very process too, when it opened the directory already) keeps it.
      if (current) throw new DataDirInUseError(dataDir, current);
      await rm(file, { force: true });
    }
  }
  let released = false;
  return {
    async annotate(extra) {
      holder = { ...holder, ...extra };
      if (!released) await writeFile(file, JSON.stringify(holder), { mode: 0o600 });
    },
    async release() {
      if (released) return;
      released = true;
      const current = await dataDirHolder(dataDir);
      if (current?.pid === process.pid) await rm(file, { force: true });
    },
  };
}

import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Requester } from './login';
import { patientFetch } from './patient-fetch';
import { PGLITE_TEMPLATE_DIR } from './test-database';

const REPO_ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

export interface RunningPortal {
  url: string;
  /** Requests to it by path, sent again while it answers busy (see `patientFetch`). */
  request: Requester;
  /** Its embedded data directory (removed on stop). */
  dataDir: string;
  output(): string;
  stop(): Promise<void>;
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/**
 * Runs the real start command's server (`apps/api/src/main.ts`: API and built web apps on one port) on a
 * copy of the PGlite template (or, with `fromTemplate: false`, an empty data directory, as on a first
 * run), as a user would, and waits until it says it is running.
 */
export async function startPortal(options: { fromTemplate?: boolean; env?: Record<string, string>; timeoutMs?: number } = {}): Promise<RunningPortal> {
  const { fromTemplate = true, env = {}, timeoutMs = 90_000 } = options;
  const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-portal-'));
  if (fromTemplate) await cp(PGLITE_TEMPLATE_DIR, dataDir, { recursive: true });
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', CUNTU_DATA_DIR: dataDir, DATABASE_URL: '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout!.on('data', (d) => (log += d));
  child.stderr!.on('data', (d) => (log += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`portal did not start in ${timeoutMs} ms:\n${log}`)), timeoutMs);
    child.stdout!.on('data', () => {
      if (log.includes('is running at')) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`portal exited with ${code}:\n${log}`));
    });
  });
  const url = `http://127.0.0.1:${port}`;
  return {
    url,
    request: patientFetch(url),
    dataDir,
    output: () => log,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGTERM');
        await exited;
      }
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}

import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const freePort = () => new Promise<number>((resolve) => {
  const probe = createServer().listen(0, '127.0.0.1', () => {
    const { port } = probe.address() as { port: number };
    probe.close(() => resolve(port));
  });
});

/** A server the benches run in a Node process of its own, listening on 127.0.0.1. */
export interface ServerProcess {
  url: string;
  pid: number;
  output(): string;
  stop(): Promise<void>;
}

/**
 * Runs a TypeScript file of the workspace (a path from its root) in a Node process of its own, on a
 * free port (`PORT`, `HOST`), and waits until its output says `ready`.
 */
export async function startServerProcess(script: string, env: Record<string, string>, ready: string): Promise<ServerProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT, env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let log = '';
  child.stdout.on('data', (d) => (log += d));
  child.stderr.on('data', (d) => (log += d));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} did not start:\n${log}`)), 120_000);
    const check = () => {
      if (log.includes(ready)) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout.on('data', check);
    child.once('exit', (code) => reject(new Error(`${script} exited ${code}:\n${log}`)));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid!,
    output: () => log,
    stop: () => new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    }),
  };
}

/** Starts the real portal server (the start command's `apps/api/src/main.ts`) and waits until it listens. */
export const startPortalProcess = (env: Record<string, string>): Promise<ServerProcess> => startServerProcess('apps/api/src/main.ts', env, 'is running at');

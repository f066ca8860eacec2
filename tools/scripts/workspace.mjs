// Helpers shared by the start and test commands: run a command, install dependencies when needed.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** Nx runs locally only: no cloud, no daemon. */
export const NX_ENV = { ...process.env, NX_NO_CLOUD: 'true', NX_DAEMON: 'false' };

/**
 * Runs a command in the repository root; exits the process if it fails. With `quiet`, its output is
 * shown only when it fails.
 */
export function run(command, args, { env = NX_ENV, quiet = false } = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: quiet ? 'pipe' : 'inherit', env, encoding: 'utf8' });
  if (result.status !== 0) {
    if (quiet) process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`);
    console.error(`\n✖ ${command} ${args.join(' ')} failed (exit ${result.status ?? result.signal})`);
    process.exit(result.status ?? 1);
  }
}

/** `npm ci` on a fresh clone, or when the lock file changed since the last install. */
export function ensureInstalled() {
  const marker = `${ROOT}node_modules/.package-lock.json`;
  if (existsSync(marker) && statSync(marker).mtimeMs >= statSync(`${ROOT}package-lock.json`).mtimeMs) return;
  console.log('▸ installing dependencies (npm ci) …');
  run('npm', ['ci', '--no-audit', '--no-fund']);
}

/** Spawns a long-running child that shares the terminal and passes Ctrl-C / SIGTERM on to it. */
export function runForeground(command, args, env) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
  return child;
}

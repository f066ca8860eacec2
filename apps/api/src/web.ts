import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Hono } from 'hono';
import { serveStatic } from '@hono/node-server/serve-static';
import { MICRO_APPS, microAppBase } from '@cuntu/domain';
import type { AppEnv } from './env';

/** The `apps/` folder of the repository, where each web app's `dist/` is built. */
export const DEFAULT_APPS_DIR = fileURLToPath(new URL('../../', import.meta.url));

/**
 * Serves the built web apps from the API's own port: each micro-app under `/apps/<name>/`, the shell at
 * `/` with an index.html fallback for its client-side routes. Apps not built yet are skipped.
 */
export function mountWebApps(app: Hono<AppEnv>, appsDir = DEFAULT_APPS_DIR): string[] {
  const mounted: string[] = [];
  for (const { name } of MICRO_APPS) {
    const root = path.join(appsDir, name, 'dist');
    if (!existsSync(root)) continue;
    const base = microAppBase(name);
    app.get(`${base}*`, serveStatic({ root, rewriteRequestPath: (p) => p.slice(base.length - 1) }));
    app.get(`${base}*`, serveStatic({ root, path: 'index.html' }));
    mounted.push(name);
  }
  const shellRoot = path.join(appsDir, 'shell', 'dist');
  if (existsSync(shellRoot)) {
    app.get('*', serveStatic({ root: shellRoot }));
    app.get('*', async (c, next) => (c.req.path.startsWith('/api/') ? next() : serveStatic({ root: shellRoot, path: 'index.html' })(c, next)));
    mounted.push('shell');
  }
  return mounted;
}

import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Context, Hono, MiddlewareHandler } from 'hono';
import { getCookie } from 'hono/cookie';
import { serveStatic } from '@hono/node-server/serve-static';
import { MAP_OPENING_READS } from '@cuntu/api-contract';
import { MICRO_APPS, microAppBase, openingMicroApp, type MicroAppName } from '@cuntu/domain';
import type { AppEnv } from './env';
import { SESSION_COOKIE } from './auth/session';

/** A chunk of a Vite build manifest (`build.manifest`, `dist/.vite/manifest.json`). */
interface ManifestChunk {
  file: string;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

/**
 * What a browser fetches to start a built micro-app, from its build manifest, as paths under `base`:
 * its remote entry, the modules the entry always loads (what it exposes, its share map) and all they
 * import, and their styles; not what they load only when asked (a shared library the shell already
 * has, a spreadsheet reader). Null without a manifest.
 */
export function openingAssets(distDir: string, base: string): { scripts: string[]; styles: string[] } | null {
  const file = path.join(distDir, '.vite', 'manifest.json');
  if (!existsSync(file)) return null;
  const manifest = JSON.parse(readFileSync(file, 'utf8')) as Record<string, ManifestChunk>;
  const entry = Object.keys(manifest).find((key) => manifest[key].file === 'remoteEntry.js');
  if (!entry) return null;
  const scripts = new Set<string>();
  const styles = new Set<string>();
  const visit = (key: string) => {
    const chunk = manifest[key];
    if (!chunk || scripts.has(chunk.file)) return;
    scripts.add(chunk.file);
    chunk.css?.forEach((css) => styles.add(css));
    chunk.imports?.forEach(visit);
  };
  visit(entry);
  manifest[entry].dynamicImports?.forEach(visit);
  return { scripts: [...scripts].map((f) => `${base}${f}`), styles: [...styles].map((f) => `${base}${f}`) };
}

/** The API reads a micro-app makes before it can draw anything. */
const OPENING_READS: Partial<Record<MicroAppName, readonly string[]>> = { map: MAP_OPENING_READS };

/**
 * The shell's page, with each micro-app's opening assets named in its head for the pages that open on
 * it: the browser fetches them at once, side by side, rather than each after the module that imports it
 * (the map's took six round trips one after another). For a browser with a session, the page also names
 * the app's opening reads: they arrive while the scripts start (the map asked for the regions 0.4 s into
 * the page, at province scale), and its reads take the answers already there. Without a session they
 * would only be refused.
 */
function shellPages(shellRoot: string, appsDir: string) {
  const page = readFileSync(path.join(shellRoot, 'index.html'), 'utf8');
  const pages = new Map<MicroAppName, { anonymous: string; withSession: string }>();
  const withLinks = (links: string[]) => page.replace('</head>', `${links.join('')}</head>`);
  for (const { name } of MICRO_APPS) {
    const assets = openingAssets(path.join(appsDir, name, 'dist'), microAppBase(name));
    if (!assets) continue;
    const assetLinks = [
      ...assets.scripts.map((href) => `<link rel="modulepreload" crossorigin href="${href}">`),
      ...assets.styles.map((href) => `<link rel="preload" as="style" href="${href}">`),
    ];
    const readLinks = (OPENING_READS[name] ?? []).map((href) => `<link rel="preload" as="fetch" crossorigin href="${href}">`);
    pages.set(name, { anonymous: withLinks(assetLinks), withSession: withLinks([...readLinks, ...assetLinks]) });
  }
  return (c: Context<AppEnv>) => {
    const app = openingMicroApp(c.req.path);
    const pagesOfApp = app ? pages.get(app) : undefined;
    if (!pagesOfApp) return c.html(page);
    return c.html(getCookie(c, SESSION_COOKIE) ? pagesOfApp.withSession : pagesOfApp.anonymous);
  };
}

/**
 * How long a browser keeps a built file: a year for what is under `assets/` (Vite names those by their
 * content, so a new build names new files), and asking again each time for the rest (a remote's entry,
 * the service worker, the icons).
 */
const cacheControlOf = (requested: string) => (requested.split('/').includes('assets') ? 'public, max-age=31536000, immutable' : 'no-cache');

/**
 * A built app's files, with their cache lifetimes, and compressed (brotli, gzip: files the build wrote
 * beside each) for a browser that takes them: the map's scripts and styles are 3.1 MB as built, 0.8 MB as brotli.
 */
function builtFiles(root: string, rewriteRequestPath?: (requested: string) => string): MiddlewareHandler<AppEnv> {
  const serve = serveStatic<AppEnv>({ root, rewriteRequestPath, precompressed: true });
  return async (c, next) => {
    const found = await serve(c, next);
    // Set on the answer itself: serveStatic's own onFound comes after the answer is made, too late for a header.
    if (found instanceof Response) found.headers.set('Cache-Control', cacheControlOf(c.req.path));
    return found;
  };
}

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
    app.get(`${base}*`, builtFiles(root, (p) => p.slice(base.length - 1)));
    app.get(`${base}*`, serveStatic({ root, path: 'index.html' }));
    mounted.push(name);
  }
  const shellRoot = path.join(appsDir, 'shell', 'dist');
  if (existsSync(shellRoot)) {
    const shellPage = shellPages(shellRoot, appsDir);
    app.get('/', shellPage);
    app.get('*', builtFiles(shellRoot));
    app.get('*', async (c, next) => (c.req.path.startsWith('/api/') ? next() : shellPage(c)));
    mounted.push('shell');
  }
  return mounted;
}

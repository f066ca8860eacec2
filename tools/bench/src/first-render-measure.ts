/**
 * Time from navigation to the map's first `idle` for the portal's map (shell + map micro-app, through
 * module federation) and for a bare MapLibre page drawing the same layers from the same vector tiles
 * over the same county and town outlines, at the extent the portal opens on (the viewer's counties). Debian's Chromium,
 * software WebGL. Used by `first-render.ts` (the sample county) and `province.ts` (a province).
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { FULL_DETAIL_ZOOM } from '@cuntu/domain';
import { median } from './bench-databases';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
export const FIVE_LAYERS = ['roads', 'villages', 'groups', 'water_sources', 'relocation_sites'];
const ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The bare page: MapLibre from node_modules, the same regions from the API and the layers' tiles, simple styles. */
const barePage = (layers: string[]) => `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/__bare/maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div><script type="module">
import * as maplibregl from '/__bare/maplibre-gl.mjs';
maplibregl.setWorkerUrl('/__bare/maplibre-gl-worker.mjs');
const get = (p) => fetch(p).then((r) => r.json());
const layers = ${JSON.stringify(layers)};
const [counties, towns] = await Promise.all([get('/api/regions/counties'), get('/api/regions/towns')]);
const xs = counties.features.flatMap((f) => f.geometry.coordinates.flat(2));
const bounds = [[Math.min(...xs.map((c) => c[0])), Math.min(...xs.map((c) => c[1]))], [Math.max(...xs.map((c) => c[0])), Math.max(...xs.map((c) => c[1]))]];
const sources = { counties: { type: 'geojson', data: counties }, towns: { type: 'geojson', data: towns } };
for (const l of layers) sources[l] = { type: 'vector', tiles: [location.origin + '/api/tiles/' + l + '/{z}/{x}/{y}.mvt'], maxzoom: ${FULL_DETAIL_ZOOM} };
const style = { version: 8, sources, layers: [
  { id: 'bg', type: 'background', paint: { 'background-color': '#f4f1ea' } },
  { id: 'counties', type: 'line', source: 'counties', paint: { 'line-color': '#5b4636', 'line-width': 2.5 } },
  { id: 'towns', type: 'line', source: 'towns', paint: { 'line-color': '#a08c7a' } },
  { id: 'labels', type: 'symbol', source: 'towns', layout: { 'text-field': ['get', 'name'], 'text-font': ['Noto Sans Regular'] } },
  ...layers.map((l) => l === 'roads'
    ? { id: l, type: 'line', source: l, 'source-layer': l, paint: { 'line-color': '#7a6a58' } }
    : { id: l, type: 'circle', source: l, 'source-layer': l, paint: { 'circle-radius': 3, 'circle-color': '#2f6f9f' } }),
] };
const map = new maplibregl.Map({ container: 'map', style, bounds, fitBoundsOptions: { padding: 24 }, localIdeographFontFamily: "'Noto Sans CJK SC', sans-serif" });
map.once('idle', () => (window.__idle = true));
</script></body></html>`;

/** How long a new tab is left before the clock starts (see `time`). */
const TAB_SETTLE_MS = 1500;

export interface FirstRender { portal: number[]; bare: number[]; ratio: number }

/** Refuses to start a measurement whose portal would serve no map: the web apps must be built first. */
export function assertWebAppsBuilt(): void {
  const missing = ['shell', 'map'].filter((app) => !existsSync(path.join(ROOT, 'apps', app, 'dist', 'index.html')));
  if (missing.length) throw new Error(`The web apps are not built (${missing.join(', ')}): run \`npx nx run-many -t build\` first`);
}

/** Logs in as `username`, warms both pages once, then times each `runs` times, alternating. */
export async function measureFirstRender(portalUrl: string, options: { runs: number; username: string; password: string; layers?: string[] }): Promise<FirstRender> {
  const layers = options.layers ?? FIVE_LAYERS;
  const browser: Browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
  try {
    // No service worker: the portal's would answer the bare page's address with the portal (a navigation
    // it keeps), out of reach of the route below; and a first visit has none either.
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const login = await context.request.post(`${portalUrl}/api/auth/login`, { data: { username: options.username, password: options.password } });
    if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
    const dist = path.join(ROOT, 'node_modules/maplibre-gl/dist');
    const page = barePage(layers);
    await context.route('**/__bare/**', (route) => {
      const name = new URL(route.request().url()).pathname.replace('/__bare/', '');
      if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: page });
      return route.fulfill({ contentType: name.endsWith('.css') ? 'text/css' : 'text/javascript', body: readFileSync(path.join(dist, name)) });
    });
    const time = async (url: string, ready: (p: Page) => Promise<unknown>) => {
      const p = await context.newPage();
      // A new tab first loads the browser's own omnibox pop-up (some 200 chrome:// modules, the better
      // part of a core for 0.7 s): the clock starts once that is done, for both pages alike.
      await p.waitForTimeout(TAB_SETTLE_MS);
      const t = performance.now();
      await p.goto(url);
      await ready(p);
      const ms = performance.now() - t;
      await p.close();
      return ms;
    };
    const portalPage = `${portalUrl}/map?l=${layers.join(',')}`;
    const barePageUrl = `${portalUrl}/__bare/index.html`;
    // Both pages watched the same way, in the page at each animation frame. (Playwright's waitForSelector
    // asks from outside, every 500 ms after the first 0.3 s: it saw the portal up to 0.5 s late.)
    const watch = (p: Page, done: () => boolean) => p.waitForFunction(done, null, { timeout: 120_000, polling: 'raf' });
    const portalReady = (p: Page) => watch(p, () => document.querySelector('[data-map-state="idle"]') !== null);
    const bareReady = (p: Page) => watch(p, () => (window as unknown as { __idle?: boolean }).__idle === true);
    await time(portalPage, portalReady); // warm the server's caches and the HTTP caches alike for both pages
    await time(barePageUrl, bareReady);
    const portal: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < options.runs; i++) {
      portal.push(await time(portalPage, portalReady));
      bare.push(await time(barePageUrl, bareReady));
    }
    return { portal, bare, ratio: median(portal) / median(bare) };
  } finally {
    await browser.close();
  }
}

/** The two pages' times as a table, and their ratio. */
export function printFirstRender({ portal, bare, ratio }: FirstRender, load: string) {
  console.log(['page', 'runs', 'median ms', 'min ms', 'max ms'].join('\t'));
  for (const [label, xs] of [['portal (shell + map remote)', portal], ['bare MapLibre page', bare]] as const) {
    console.log([label, xs.length, median(xs).toFixed(0), Math.min(...xs).toFixed(0), Math.max(...xs).toFixed(0)].join('\t'));
  }
  console.log(`first render, portal / bare (medians): ${ratio.toFixed(2)} (target ≤ 1.5)\tload ${load}`);
}

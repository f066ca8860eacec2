/**
 * Time from navigation to the map's first `idle` with five data layers on the sample county, for the
 * portal (shell + map micro-app, through module federation) and for a bare MapLibre page drawing the
 * same data from the same API, and their ratio; plus the shell's initial JavaScript, gzipped, without
 * MapLibre. Debian's Chromium, software WebGL.
 *   npx tsx tools/bench/src/first-render.ts [--runs N]
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { median } from './bench-databases';
import { startPortalProcess } from './portal-process';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FIVE_LAYERS = ['roads', 'villages', 'groups', 'water_sources', 'relocation_sites'];
const ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** The bare page: MapLibre from node_modules, the same regions and five layers from the API, simple styles. */
const BARE_PAGE = `<!doctype html><html><head><meta charset="utf-8"><link rel="stylesheet" href="/__bare/maplibre-gl.css">
<style>html,body,#map{margin:0;height:100%}</style></head><body><div id="map"></div><script type="module">
import * as maplibregl from '/__bare/maplibre-gl.mjs';
maplibregl.setWorkerUrl('/__bare/maplibre-gl-worker.mjs');
const get = (p) => fetch(p).then((r) => r.json());
const layers = ${JSON.stringify(FIVE_LAYERS)};
const [county, towns, villages, ...data] = await Promise.all([get('/api/regions/counties'), get('/api/regions/towns'), get('/api/regions/villages'), ...layers.map((l) => get('/api/checks/layers/' + l))]);
const xs = county.features[0].geometry.coordinates.flat(2);
const bounds = [[Math.min(...xs.map((c) => c[0])), Math.min(...xs.map((c) => c[1]))], [Math.max(...xs.map((c) => c[0])), Math.max(...xs.map((c) => c[1]))]];
const sources = { county: { type: 'geojson', data: county }, towns: { type: 'geojson', data: towns }, villagepts: { type: 'geojson', data: villages } };
layers.forEach((l, i) => (sources[l] = { type: 'geojson', data: data[i] }));
const style = { version: 8, sources, layers: [
  { id: 'bg', type: 'background', paint: { 'background-color': '#f4f1ea' } },
  { id: 'county', type: 'line', source: 'county', paint: { 'line-color': '#5b4636', 'line-width': 2.5 } },
  { id: 'towns', type: 'line', source: 'towns', paint: { 'line-color': '#a08c7a' } },
  { id: 'labels', type: 'symbol', source: 'towns', layout: { 'text-field': ['get', 'name'], 'text-font': ['Noto Sans Regular'] } },
  ...layers.map((l) => l === 'roads' ? { id: l, type: 'line', source: l, paint: { 'line-color': '#7a6a58' } } : { id: l, type: 'circle', source: l, paint: { 'circle-radius': 3, 'circle-color': '#2f6f9f' } }),
] };
const map = new maplibregl.Map({ container: 'map', style, bounds, fitBoundsOptions: { padding: 24 }, localIdeographFontFamily: "'Noto Sans CJK SC', sans-serif" });
map.once('idle', () => (window.__idle = true));
</script></body></html>`;

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-bench-render-'));
const portal = await startPortalProcess({ CUNTU_DATA_DIR: dataDir, DATABASE_URL: '' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const login = await context.request.post(`${portal.url}/api/auth/login`, { data: { username: 'viewer', password: 'cuntu-viewer-2020' } });
  if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
  const dist = path.join(ROOT, 'node_modules/maplibre-gl/dist');
  await context.route('**/__bare/**', (route) => {
    const name = new URL(route.request().url()).pathname.replace('/__bare/', '');
    if (name === 'index.html') return route.fulfill({ contentType: 'text/html', body: BARE_PAGE });
    return route.fulfill({ contentType: name.endsWith('.css') ? 'text/css' : 'text/javascript', body: readFileSync(path.join(dist, name)) });
  });
  const time = async (url: string, ready: (page: import('playwright-core').Page) => Promise<unknown>) => {
    const page = await context.newPage();
    const t = performance.now();
    await page.goto(url);
    await ready(page);
    const ms = performance.now() - t;
    await page.close();
    return ms;
  };
  const portalUrl = `${portal.url}/map?l=${FIVE_LAYERS.join(',')}`;
  const portalReady = (p: import('playwright-core').Page) => p.waitForSelector('[data-map-state="idle"]', { timeout: 60_000 });
  const bareReady = (p: import('playwright-core').Page) => p.waitForFunction(() => (window as unknown as { __idle?: boolean }).__idle === true, null, { timeout: 60_000 });
  await time(portalUrl, portalReady); // warm the server and the HTTP caches alike for both pages
  await time(`${portal.url}/__bare/index.html`, bareReady);
  const portalTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < runs; i++) {
    portalTimes.push(await time(portalUrl, portalReady));
    bareTimes.push(await time(`${portal.url}/__bare/index.html`, bareReady));
  }
  console.log(['page', 'runs', 'median ms', 'min ms', 'max ms'].join('\t'));
  for (const [label, xs] of [['portal (shell + map remote)', portalTimes], ['bare MapLibre page', bareTimes]] as const) {
    console.log([label, runs, median(xs).toFixed(0), Math.min(...xs).toFixed(0), Math.max(...xs).toFixed(0)].join('\t'));
  }
  console.log(`ratio portal / bare (medians): ${(median(portalTimes) / median(bareTimes)).toFixed(2)} (target ≤ 1.5)`);

  // The shell's initial JavaScript: what a first visit downloads before any micro-app (the login page).
  const anonymous = await browser.newContext();
  const page = await anonymous.newPage();
  const scripts = new Set<string>();
  page.on('response', (r) => {
    if (r.request().resourceType() === 'script') scripts.add(new URL(r.url()).pathname);
  });
  await page.goto(`${portal.url}/`);
  await page.waitForSelector('[data-testid="login-form"]');
  const shellDist = path.join(ROOT, 'apps/shell/dist');
  let gz = 0;
  // The shell's own files (micro-apps live under /apps/ and are not the shell's), without MapLibre.
  const own = [...scripts].filter((p) => !p.startsWith('/apps/') && !p.includes('maplibre'));
  for (const p of own) gz += gzipSync(readFileSync(path.join(shellDist, p))).length;
  console.log(`shell initial JavaScript, gzipped, without maplibre: ${(gz / 1024).toFixed(1)} KB in ${own.length} files (target ≤ 150 KB)`);
  await anonymous.close();
} finally {
  await browser.close();
  await portal.stop();
  await rm(dataDir, { recursive: true, force: true });
}

/**
 * Time from navigation to the map's first `idle` with five data layers on the sample county, for the
 * portal (shell + map micro-app, through module federation) and for a bare MapLibre page drawing the
 * same layers from the same vector tiles, and their ratio; plus the shell's initial JavaScript, gzipped,
 * without MapLibre. Debian's Chromium, software WebGL.
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
import { assertWebAppsBuilt, measureFirstRender, printFirstRender } from './first-render-measure';
import { startPortalProcess } from './portal-process';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '5' } } });
const runs = Number(values.runs);
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const loadAvg = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');

assertWebAppsBuilt();
const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-bench-render-'));
const portal = await startPortalProcess({ CUNTU_DATA_DIR: dataDir, DATABASE_URL: '' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ['--no-sandbox'] });
try {
  printFirstRender(await measureFirstRender(portal.url, { runs, username: 'viewer', password: 'cuntu-viewer-2020' }), loadAvg());

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

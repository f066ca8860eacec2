/**
 * Time to produce briefing PDFs of the whole sample county through the portal, as a leader does it:
 * the map app renders the view off screen at the page's resolution, the API lays out and writes the
 * PDF (embedded CJK font). Reports each step for A3 landscape at 300 dpi (and A4 at 150 dpi for
 * comparison), median of N runs. Debian's Chromium, software WebGL; embedded PGlite.
 *   npx tsx tools/bench/src/snapshot.ts [--runs N]
 */
import { mkdtemp, stat } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { chromium } from 'playwright-core';
import { median } from './bench-databases';
import { startPortalProcess } from './portal-process';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const runs = Number(values.runs);
const ARGS = ['--no-sandbox', '--use-angle=swiftshader', '--enable-unsafe-swiftshader', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const dataDir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-bench-snapshot-'));
const portal = await startPortalProcess({ CUNTU_DATA_DIR: dataDir, DATABASE_URL: '' });
const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium', args: ARGS });
try {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true });
  const login = await context.request.post(`${portal.url}/api/auth/login`, { data: { username: 'leader', password: 'cuntu-leader-2020' } });
  if (!login.ok()) throw new Error(`login failed: ${login.status()}`);
  const page = await context.newPage();
  await page.goto(`${portal.url}/map`);
  await page.waitForSelector('[data-map-state="idle"]', { timeout: 60_000 });
  await page.click('[data-testid="open-snapshot"]');

  const cases = [
    { paper: 'A3', orientation: 'landscape', dpi: 300 },
    { paper: 'A4', orientation: 'landscape', dpi: 150 },
  ] as const;
  console.log(`snapshot PDF of the sample county, ${runs} runs each (median), whole county in view`);
  console.log('| page | render map (browser) | lay out + upload + PDF (API) | total to download | PDF size |');
  console.log('|---|---|---|---|---|');
  for (const c of cases) {
    const render: number[] = [];
    const write: number[] = [];
    const total: number[] = [];
    let size = 0;
    for (let i = 0; i < runs; i++) {
      await page.selectOption('select[name="snapshot-format"]', 'pdf');
      await page.selectOption('select[name="snapshot-paper"]', c.paper);
      await page.selectOption('select[name="snapshot-orientation"]', c.orientation);
      await page.fill('input[name="snapshot-dpi"]', String(c.dpi));
      const t0 = Date.now();
      await page.click('[data-testid="snapshot-generate"]');
      await page.waitForSelector('[data-testid="snapshot-dialog"][data-state="composing"]', { timeout: 120_000 });
      const t1 = Date.now();
      await page.waitForSelector('[data-testid="snapshot-dialog"][data-state="done"]', { timeout: 300_000 });
      const t2 = Date.now();
      render.push(t1 - t0);
      write.push(t2 - t1);
      total.push(t2 - t0);
      const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid="snapshot-download"]')]);
      size = (await stat((await download.path())!)).size;
    }
    const s = (ms: number[]) => `${(median(ms) / 1000).toFixed(2)} s`;
    console.log(`| ${c.paper} ${c.orientation} ${c.dpi} dpi | ${s(render)} | ${s(write)} | **${s(total)}** | ${(size / 1048576).toFixed(1)} MB |`);
  }
} finally {
  await browser.close();
  await portal.stop();
}

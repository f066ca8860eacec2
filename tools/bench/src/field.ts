/**
 * The housing app in the field, in Debian's Chromium at a phone's size (375 × 812), against the real
 * server on PGlite and PostGIS:
 * - `--photos` phone photos (4000 × 3000 JPEG with EXIF, about 4 MB each) chosen at once in a house's
 *   panel: the time from choosing them to every thumbnail drawn;
 * - `--edits` edits made offline (one field of one house each, through the form, each house opened once
 *   online before), then the connection back: the time to keep each on the phone, and from the
 *   connection's return to the last one stored;
 * - the installable app: what the service worker precaches (the shell) and the housing app it loads.
 * Prints the figures and the machine's load.
 *   npx tsx tools/bench/src/field.ts [--photos 20] [--edits 50]
 */
import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { authHeaderFor, launchChromium, logInThroughPage } from '@cuntu/testing';
import { benchPhoto } from './bench-photos';
import { onEachDriver } from './bench-databases';
import { startPortalProcess } from './portal-process';
import { machineLoad, percentile, seconds as s } from './figures';

const { values } = parseArgs({ options: { photos: { type: 'string', default: '20' }, edits: { type: 'string', default: '50' } } });
const PHOTOS = Number(values.photos);
const EDITS = Number(values.edits);
const APPS = fileURLToPath(new URL('../../../apps/', import.meta.url));
const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
type House = { properties: { id: number; externalId: string; householdSize: number | null } };

/** The files of a built app the service worker would keep (its precache patterns), and their size raw and gzipped. */
async function appSize(dir: string): Promise<{ files: number; bytes: number; gzipped: number }> {
  const out = { files: 0, bytes: 0, gzipped: 0 };
  for (const entry of await readdir(dir, { recursive: true })) {
    const file = path.join(dir, entry);
    if (!/\.(js|css|html|svg|png|webmanifest)$/.test(entry) || !(await stat(file)).isFile()) continue;
    const body = await readFile(file);
    out.files++;
    out.bytes += body.byteLength;
    out.gzipped += gzipSync(body).byteLength;
  }
  return out;
}

const shell = await appSize(path.join(APPS, 'shell/dist'));
const housing = await appSize(path.join(APPS, 'housing/dist'));
console.log(`installable shell (precached): ${shell.files} files, ${kb(shell.bytes)} (${kb(shell.gzipped)} gzipped); housing app (kept when first opened): ${housing.files} files, ${kb(housing.bytes)} (${kb(housing.gzipped)} gzipped)`);

// On disk, as a phone's gallery: the browser is handed the files by path (over 50 MB cannot go as buffers).
const gallery = await mkdtemp(path.join(os.tmpdir(), 'cuntu-field-'));
const photos: string[] = [];
let bytes = 0;
for (let i = 0; i < PHOTOS; i++) {
  const photo = await benchPhoto(i);
  const file = path.join(gallery, `IMG_${String(i).padStart(4, '0')}.jpg`);
  await writeFile(file, photo);
  photos.push(file);
  bytes += photo.byteLength;
}
const megabytes = bytes / 1048576;
console.log(`${PHOTOS} photos, ${megabytes.toFixed(1)} MB in all; ${EDITS} offline edits`);
console.log(['driver', 'photos → thumbnails s', 'keep an edit p50 / max ms', `${EDITS} edits synced s`, 'load 1/5/15 min'].join('\t'));

const browser = await launchChromium();
try {
  await onEachDriver('cuntu-bench-field', async (driver, env) => {
    const portal = await startPortalProcess(env);
    try {
      const auth = await authHeaderFor((p, init) => fetch(`${portal.url}${p}`, init), 'editor-housing');
      const houses = ((await (await fetch(`${portal.url}/api/features/houses?renovationStatus=planned&limit=${EDITS + 1}`, { headers: auth })).json()) as { features: House[] }).features;
      const context = await browser.newContext({ viewport: { width: 375, height: 812 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      await logInThroughPage(page, portal.url, 'editor-housing');
      await page.waitForSelector('[data-testid="current-user"]');
      await page.goto(`${portal.url}/housing`);
      const ready = () => page.waitForSelector('[data-layer-workspace="houses"] [data-testid="team-map"][data-map-state="idle"]', { timeout: 120_000 });
      await ready();
      await page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 60_000 });
      await page.reload();
      await ready();
      const select = async (house: House) => {
        await page.fill('input[name="feature-search"]', house.properties.externalId);
        await page.click(`[data-feature="${house.properties.id}"]`);
        await page.waitForSelector('[data-testid="selected-name"]');
      };
      const loadBefore = machineLoad();
      // Timed steps end when the page shows them, looked for at each frame: waitForSelector polls from here, up to 0.5 s apart.
      const shows = (selector: string, timeout = 30_000) => page.waitForFunction((s) => document.querySelector(s) !== null, selector, { polling: 'raf', timeout });

      // Photos: chosen at once, until every thumbnail is drawn.
      await select(houses[EDITS]);
      await page.waitForSelector('[data-testid="attachments-panel"][data-loaded="true"]');
      const chosen = performance.now();
      await page.setInputFiles('input[name="attachment-files"]', photos);
      await shows(`[data-testid="attachments-panel"][data-count="${PHOTOS}"]`, 600_000);
      // The panel's thumbnails load lazily, as they scroll into a phone's view: here all are asked for at once.
      await page.evaluate(() => document.querySelectorAll<HTMLImageElement>('[data-attachment] img').forEach((img) => (img.loading = 'eager')));
      await page.waitForFunction((n) => {
        const images = [...document.querySelectorAll<HTMLImageElement>('[data-attachment] img')];
        return images.length === n && images.every((img) => img.complete && img.naturalWidth > 0);
      }, PHOTOS, { timeout: 120_000 });
      const shown = performance.now() - chosen;

      // Edits made offline, one field each, then the connection back. The houses are opened once before, online, as
      // a field worker opens the day's houses: a feature can be edited offline once the device has read it.
      for (const house of houses.slice(0, EDITS)) await select(house);
      await page.waitForTimeout(2_000);
      await context.setOffline(true);
      const keep: number[] = [];
      for (const [i, house] of houses.slice(0, EDITS).entries()) {
        await select(house);
        const t = performance.now();
        await page.click('[data-testid="edit-feature"]');
        await page.fill('[data-field="householdSize"] input', String(((house.properties.householdSize ?? 3) % 9) + 1));
        await page.click('[data-testid="feature-save"]');
        await shows(`[data-testid="outbox"][data-waiting="${i + 1}"]`);
        keep.push(performance.now() - t);
      }
      const back = performance.now();
      await context.setOffline(false);
      await shows('[data-testid="outbox"][data-waiting="0"]', 600_000);
      const synced = performance.now() - back;
      for (const house of houses.slice(0, EDITS)) {
        const stored = (await (await fetch(`${portal.url}/api/features/houses/${house.properties.id}`, { headers: auth })).json()) as House;
        if (stored.properties.householdSize !== ((house.properties.householdSize ?? 3) % 9) + 1) throw new Error(`house ${house.properties.id} was not stored`);
      }
      console.log([driver, s(shown), `${percentile(keep, 50).toFixed(0)} / ${Math.max(...keep).toFixed(0)}`, s(synced), loadBefore].join('\t'));
      await context.close();
    } finally {
      await portal.stop();
    }
  });
} finally {
  await browser.close();
  await rm(gallery, { recursive: true, force: true });
}

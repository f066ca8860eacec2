import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DEMO_USERS } from '@cuntu/auth';
import { launchChromium, screenshotVariety, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));

async function shot(page: Page, name: string) {
  const png = await page.screenshot({ path: `${SCREENSHOTS}planner-${name}.png` });
  const { colours, dominantShare } = screenshotVariety(png);
  expect(colours, name).toBeGreaterThan(20);
  expect(dominantShare, name).toBeLessThan(0.9);
}

/** A county planner's day on the map, in Debian's Chromium. */
describe("a planner's journey on the map", () => {
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;
  let permalink = '';
  /** Every URL the page asked for, in order. */
  const asked: string[] = [];
  const tilesOf = (layer: string) => asked.filter((u) => new RegExp(`/api/tiles/${layer}/\\d+/\\d+/\\d+\\.mvt`).test(u));

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
    page.on('request', (r) => asked.push(r.url()));
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('logs in and sees the county map', async () => {
    await page.goto(`${portal.url}/`);
    await page.fill('input[name="username"]', 'viewer');
    await page.fill('input[name="password"]', DEMO_USERS.find((u) => u.username === 'viewer')!.password);
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-map-state="idle"]', { timeout: 45_000 });
    await shot(page, 'logged-in');
  });

  it('draws its layers from vector tiles: no layer is read whole, a hidden one costs nothing until it is shown', async () => {
    for (const layer of ['villages', 'roads', 'water_sources', 'relocation_sites']) expect(tilesOf(layer).length, layer).toBeGreaterThan(0);
    expect(tilesOf('houses')).toEqual([]);
    expect(asked.filter((u) => /\/api\/checks\/layers\/\w+(\?|$)/.test(u))).toEqual([]);
    // The legend's figures are counted by the API, one request per shown layer.
    expect(asked.filter((u) => /\/api\/checks\/layers\/villages\/counts/.test(u)).length).toBeGreaterThan(0);
  });

  it('opens on verdicts: each shown layer coloured by its headline rule, hidden layers counted, a way back to the whole county', async () => {
    // Villages by 通村 and roads by surface, without choosing anything; the legend counts what is drawn.
    expect(await page.inputValue('[data-colour-by="villages"]')).toBe('village.paved_road');
    const villages = page.locator('[data-legend="villages"]');
    const failing = Number(await villages.locator('[data-verdict="fail"] b').textContent());
    expect(failing).toBeGreaterThan(0);
    expect(Number(await page.textContent('[data-testid="village-count"]'))).toBe(
      failing + Number(await villages.locator('[data-verdict="pass"] b').textContent()) + Number(await villages.locator('[data-verdict="unknown"] b').textContent()),
    );
    // Hidden layers say how many features they hold, never 0 beside thousands; facilities are on the planner's map.
    expect(Number(await page.getAttribute('[data-layer-item="houses"] small[data-count]', 'data-count'))).toBeGreaterThan(1000);
    expect(Number(await page.getAttribute('[data-layer-item="facilities"] small[data-count]', 'data-count'))).toBeGreaterThan(100);
    // The permalink follows the view once an animation ends: under load that can take seconds, so wait for it.
    const zoom = () => page.evaluate(() => Number(new URL(location.href).searchParams.get('v')?.split(',')[2] ?? 'NaN'));
    const zoomPast = (limit: number, direction: 'above' | 'below') =>
      page
        .waitForFunction(
          ([limit, direction]) => {
            const z = Number(new URL(location.href).searchParams.get('v')?.split(',')[2] ?? 'NaN');
            return Number.isFinite(z) && (Number.isNaN(limit as number) || (direction === 'above' ? z > (limit as number) : z < (limit as number)));
          },
          [limit, direction] as const,
          { timeout: 15_000 },
        )
        .catch(() => undefined);
    const opening = await zoom();
    await page.mouse.move(700, 450);
    for (let i = 0; i < 5; i++) await page.mouse.wheel(0, -400);
    await zoomPast(opening + 1, 'above');
    await page.waitForTimeout(800);
    const zoomedIn = await zoom();
    await page.click('[data-testid="map-home"]');
    await zoomPast(zoomedIn - 1, 'below');
    expect(await zoom()).toBeLessThan(zoomedIn - 1);
  });

  it('shows the view on an overview map of the whole county, and goes where it is clicked there', async () => {
    const overview = page.locator('[data-testid="overview-map"]');
    await overview.waitFor();
    // The counties' outlines drawn as SVG beside the one WebGL map: a second map cost 0.3 s of the page.
    expect((await overview.locator('path').getAttribute('d'))!.length).toBeGreaterThan(100);
    expect(await page.locator('[data-testid="county-map"] canvas').count()).toBe(1);
    const view = async () => (await overview.getAttribute('data-view'))!.split(',').map(Number);
    const [w0, , e0] = await view();
    await page.mouse.move(700, 450);
    for (let i = 0; i < 4; i++) await page.mouse.wheel(0, -400);
    await page.waitForTimeout(800);
    const [w1, s1, e1, n1] = await view();
    expect(e1 - w1).toBeLessThan((e0 - w0) / 2);
    // A click near the overview's lower-left corner brings the main map's centre south-west.
    const box = (await overview.boundingBox())!;
    await page.mouse.click(box.x + box.width * 0.3, box.y + box.height * 0.75);
    await page.waitForTimeout(500);
    const [w2, s2, e2, n2] = await view();
    expect((w2 + e2) / 2).toBeLessThan((w1 + e1) / 2);
    expect((s2 + n2) / 2).toBeLessThan((s1 + n1) / 2);
    expect(e2 - w2).toBeCloseTo(e1 - w1, 3);
    await shot(page, 'overview-map');
    await page.click('[data-testid="map-home"]');
  });

  it('toggles layers and colours roads by the width rule, with counts in the legend', async () => {
    await page.check('[data-toggle="houses"]');
    await page.uncheck('[data-toggle="water_sources"]');
    await expect.poll(() => tilesOf('houses').length, { timeout: 10_000 }).toBeGreaterThan(0);
    await page.selectOption('[data-colour-by="roads"]', 'road.width');
    const legend = page.locator('[data-legend="roads"]');
    await legend.waitFor();
    const fail = Number(await legend.locator('[data-verdict="fail"] b').textContent());
    const pass = Number(await legend.locator('[data-verdict="pass"] b').textContent());
    expect(fail).toBeGreaterThan(0);
    expect(pass).toBeGreaterThan(fail);
    await page.waitForTimeout(500);
    await shot(page, 'roads-by-width');
  });

  it('finds 吉格斯台嘎查 by pinyin and sees it fail the incidence rule, with the reason and its source', async () => {
    await page.fill('[data-testid="search-input"]', 'jigesitai');
    await page.click('[data-testid="search-results"] button[data-result="150525100200"]');
    const incidence = page.locator('[data-testid="inspect-panel"] [data-rule="village.incidence"]');
    await incidence.waitFor({ timeout: 20_000 });
    expect(await incidence.getAttribute('data-verdict')).toBe('fail');
    expect(await incidence.locator('[data-testid="verdict-reason"]').textContent()).toBe('贫困发生率 2.25%（19/846），高于 2% 标准');
    expect(await incidence.textContent()).toContain('《贫困村退出核查标准》（附件1）');
    expect(await page.textContent('[data-testid="readiness"]')).toContain('未达到退出标准');
    expect(await page.textContent('[data-testid="village-statistics"]')).toContain('846');
    await shot(page, 'jigesitai');
  });

  it('filters the villages failing 通村 and lists them', async () => {
    await page.selectOption('[data-filter="rule"]', 'village.paved_road');
    await page.selectOption('[data-filter="verdict"]', 'fail');
    await page.click('[data-testid="filter-apply"]');
    const count = Number(await page.textContent('[data-testid="filter-count"]'));
    expect(count).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="filter-results"] li').count()).toBe(Math.min(count, 200));
    await page.waitForTimeout(500);
    // The map draws only the failing villages (the others are filtered out), zoomed to them.
    await page.waitForFunction((n) => document.querySelector('[data-testid="county-map"]')?.getAttribute('data-kept-villages') === String(n), count, { timeout: 10_000 });
    expect(await page.getAttribute('[data-testid="county-map"]', 'data-kept-roads')).toBe('all');
    // The legend counts what is drawn: the failing villages only.
    const legend = page.locator('[data-legend="villages"]');
    expect(await legend.getAttribute('data-filtered')).toBe('true');
    expect(await Promise.all(['fail', 'pass', 'unknown'].map((v) => legend.locator(`[data-verdict="${v}"] b`).textContent()))).toEqual([String(count), '0', '0']);
    expect(await page.getAttribute('[data-layer-item="villages"] small[data-count]', 'data-count')).toBe(String(count));
    permalink = page.url();
    expect(permalink).toContain('f=');
    await shot(page, 'failing-paved-road');
  });

  it('filters roads by an attribute (gravel surface): the features API\'s count, listed and highlighted', async () => {
    await page.selectOption('[data-filter="attribute-layer"]', 'roads');
    await page.selectOption('[data-filter="attribute-property"]', 'surface');
    await page.selectOption('[data-filter="attribute-value"]', 'gravel');
    await page.click('[data-testid="attribute-apply"]');
    await page.waitForSelector('[data-testid="attribute-count"]');
    const shown = Number(await page.textContent('[data-testid="attribute-count"]'));
    const api = (await page.evaluate(async () => (await (await fetch('/api/features/roads?surface=gravel&limit=1')).json()).total)) as number;
    expect(shown).toBe(api);
    expect(shown).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="attribute-results"] li').count()).toBe(Math.min(shown, 200));
    expect(new URL(page.url()).searchParams.get('a')).toBe('roads~surface~gravel');
    // Only the gravel roads are drawn.
    await page.waitForFunction((n) => document.querySelector('[data-testid="county-map"]')?.getAttribute('data-kept-roads') === String(n), shown, { timeout: 10_000 });
    permalink = page.url();
    await shot(page, 'gravel-roads');
  });

  it('shows a popup with the verdicts of a clicked feature', async () => {
    // "Zoom to" a village failing 通村 centres its committee; a click there opens its popup.
    await page.click('[data-testid="filter-results"] li a');
    await page.waitForTimeout(500);
    const box = (await page.locator('[data-testid="map-canvas"] .maplibregl-canvas').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    const popup = page.locator('[data-testid="map-popup"]');
    await popup.waitFor({ timeout: 5_000 });
    expect(await popup.locator('li[data-verdict]').count()).toBeGreaterThan(0);
    // The popup and the side panel speak of the same feature.
    const name = (await popup.locator('b').first().textContent())!;
    expect(name.length).toBeGreaterThan(0);
    await page.locator('[data-testid="inspect-title"]', { hasText: name }).waitFor({ timeout: 10_000 });
    await shot(page, 'popup');
  });

  it('measures a distance on the map', async () => {
    await page.click('[data-testid="measure-toggle"]');
    const canvas = page.locator('[data-testid="map-canvas"] .maplibregl-canvas');
    await canvas.click({ position: { x: 500, y: 400 } });
    await canvas.click({ position: { x: 700, y: 400 } });
    expect(Number(await page.textContent('[data-testid="measure-distance"]'))).toBeGreaterThan(0);
    await page.click('[data-testid="measure-toggle"]');
  });

  it('opens the permalink in a new tab and gets the same view, layers, filter and selection', async () => {
    const other = await page.context().newPage();
    await other.setViewportSize({ width: 1440, height: 900 });
    await other.goto(permalink);
    await other.waitForSelector('[data-map-state="idle"]', { timeout: 45_000 });
    expect(await other.isChecked('[data-toggle="houses"]')).toBe(true);
    expect(await other.isChecked('[data-toggle="water_sources"]')).toBe(false);
    expect(await other.inputValue('[data-colour-by="roads"]')).toBe('road.width');
    expect(await other.textContent('[data-testid="filter-count"]')).toBe(await page.textContent('[data-testid="filter-count"]'));
    await other.waitForSelector('[data-testid="attribute-count"]');
    expect(await other.textContent('[data-testid="attribute-count"]')).toBe(await page.textContent('[data-testid="attribute-count"]'));
    expect(await other.textContent('[data-testid="inspect-title"]')).toBe('吉格斯台嘎查');
    const view = (url: string) => new URL(url).searchParams.get('v');
    expect(view(other.url())).toBe(view(permalink));
    await shot(other, 'permalink');
    await other.close();
  });

  it('switches the interface to English and back', async () => {
    await page.click('[data-testid="language-switch"]');
    expect(await page.textContent('[data-testid="layer-panel"] h3')).toContain('Layers');
    await page.click('[data-testid="language-switch"]');
    expect(await page.textContent('[data-testid="layer-panel"] h3')).toContain('图层');
  });

  it('narrows the map to a town: only its villages drawn, the town outlined and zoomed to', async () => {
    const town = '150525100000';
    const villages = (await page.evaluate(async (code) => (await (await fetch(`/api/regions/villages?town=${code}`)).json()).features.length, town)) as number;
    const zoomOf = () => Number(new URL(page.url()).searchParams.get('v')?.split(',')[2]);
    await page.click('[data-testid="map-home"]');
    await page.waitForTimeout(300);
    const county = zoomOf();
    await page.selectOption('[data-filter="town"]', town);
    await page.selectOption('[data-filter="rule"]', '');
    await page.click('[data-testid="filter-apply"]');
    await page.waitForFunction((n) => document.querySelector('[data-testid="county-map"]')?.getAttribute('data-kept-villages') === String(n), villages);
    await page.waitForTimeout(500);
    expect(zoomOf()).toBeGreaterThan(county + 0.5);
    expect(await page.getAttribute('[data-testid="county-map"]', 'data-outlined-town')).toBe(town);
    await shot(page, 'town-filter');
  });

  it('opens the attribute table: villages failing 通村 with their reasons exported in two clicks, a row selects the village on the map', async () => {
    const failing = (await page.evaluate(async () => (await (await fetch('/api/checks/layers/villages?rule=village.paved_road&verdict=fail')).json()).features)) as Array<{ properties: { id: string; name: string } }>;
    await page.click('[data-testid="open-table"]');
    const table = page.locator('[data-testid="attribute-table"][data-layer="villages"][data-state="ready"]');
    await table.waitFor({ timeout: 20_000 });
    const all = Number(await table.getAttribute('data-kept'));
    expect(all).toBeGreaterThan(failing.length);
    // The two clicks: the 通村 column's filter, then the export.
    await table.locator('[data-filter="rule:village.paved_road"] select').selectOption('fail');
    await page.waitForFunction((n) => document.querySelector('[data-testid="attribute-table"]')?.getAttribute('data-kept') === String(n), failing.length);
    const [download] = await Promise.all([page.waitForEvent('download'), table.locator('[data-testid="table-export-csv"]').click()]);
    expect(download.suggestedFilename()).toMatch(/^行政村-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await readFile((await download.path())!, 'utf8')).replace(/^\uFEFF/, '').trim().split('\r\n');
    const header = lines[0].split(',');
    const column = header.indexOf('通村硬化路');
    expect(column, header.join(',')).toBeGreaterThan(0);
    expect(header[column + 1]).toBe('通村硬化路·原因');
    expect(lines.slice(1).map((l) => l.split(',')[0]).sort()).toEqual(failing.map((f) => f.properties.id).sort());
    for (const line of lines.slice(1)) {
      expect(line.split(',')[column]).toBe('不达标');
      expect(line.split(',')[column + 1].length, line).toBeGreaterThan(4);
    }
    // A viewer reads and exports; nothing to tick or change.
    expect(await table.locator('[data-testid="tick-all"]').count()).toBe(0);
    // A row selects its village: the side panel opens on it.
    const first = table.locator('tbody tr').first();
    const code = await first.getAttribute('data-row');
    // Its town is named, not given as a 12-digit code.
    const columns = await table.locator('thead tr').first().locator('th').evaluateAll((ths) => ths.map((th) => th.getAttribute('data-column')));
    const regions = (await page.evaluate(async () => (await (await fetch('/api/regions/villages')).json()).features)) as Array<{ properties: { code: string; townName: string } }>;
    expect(await first.locator('td').nth(columns.indexOf('townCode')).textContent()).toBe(regions.find((v) => v.properties.code === code)!.properties.townName);
    await first.click();
    await page.locator('[data-testid="inspect-title"]', { hasText: failing.find((f) => f.properties.id === code)!.properties.name }).waitFor({ timeout: 10_000 });
    expect(new URL(page.url()).searchParams.get('s')).toBe(`villages:${code}`);
    await page.waitForSelector(`[data-testid="attribute-table"] tr.selected[data-row="${code}"]`);
    await shot(page, 'attribute-table');
  });

  it('shows a layer switched on while the tiles in view are still arriving (a slow network)', async () => {
    // A context of its own: its routes reach the requests of MapLibre's workers, which fetch the tiles (not those of
    // the portal's service worker, which is blocked here).
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
    await context.request.post(`${portal.url}/api/auth/login`, { data: { username: 'viewer', password: DEMO_USERS.find((u) => u.username === 'viewer')!.password } });
    const houseTiles: string[] = [];
    let held = 0;
    // Every tile answers three seconds late: houses are switched on while the first tiles are on their way.
    await context.route('**/api/tiles/**', async (route) => {
      held++;
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      await route.continue().catch(() => undefined);
    });
    const slow = await context.newPage();
    slow.on('request', (r) => void (/\/api\/tiles\/houses\//.test(r.url()) && houseTiles.push(r.url())));
    await slow.goto(`${portal.url}/map`);
    await expect.poll(() => held, { timeout: 20_000 }).toBeGreaterThan(0);
    expect(await slow.getAttribute('[data-testid="county-map"]', 'data-map-state')).toBe('loading');
    expect(await slow.isChecked('[data-toggle="houses"]')).toBe(false);
    await slow.check('[data-toggle="houses"]');
    await expect.poll(() => houseTiles.length, { timeout: 15_000 }).toBeGreaterThan(0);
    await context.close();
  });

  it('draws the tiles a busy portal first refused (503 with Retry-After), without the map being moved', async () => {
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, serviceWorkers: 'block' });
    await context.request.post(`${portal.url}/api/auth/login`, { data: { username: 'viewer', password: DEMO_USERS.find((u) => u.username === 'viewer')!.password } });
    // The first time each tile is asked for, the portal is busy; after that it answers.
    const refused = new Set<string>();
    const servedAfter = new Set<string>();
    await context.route('**/api/tiles/**', async (route) => {
      const url = route.request().url();
      if (!refused.has(url)) {
        refused.add(url);
        await route.fulfill({ status: 503, headers: { 'retry-after': '1', 'content-type': 'application/json' }, body: JSON.stringify({ error: { code: 'busy', message: '系统繁忙', details: null } }) });
        return;
      }
      servedAfter.add(url);
      await route.continue().catch(() => undefined);
    });
    const busy = await context.newPage();
    await busy.goto(`${portal.url}/map`);
    await busy.waitForSelector('[data-map-state="idle"]', { timeout: 60_000 });
    expect(refused.size).toBeGreaterThan(3);
    // Every refused tile was asked for again and drawn; none is left empty until the map moves.
    await expect.poll(() => [...refused].filter((url) => !servedAfter.has(url)), { timeout: 20_000 }).toEqual([]);
    await context.close();
  });
});

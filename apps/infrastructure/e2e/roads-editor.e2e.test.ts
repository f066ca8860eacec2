import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { authHeaderFor, launchChromium, logInThroughPage, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));
type Road = { properties: Record<string, unknown> & { id: number } };

/** The roads team in the infrastructure app, in Debian's Chromium. */
describe('the roads workspace', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;
  let roads: Road[];

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    const request = (path: string, init?: RequestInit) => fetch(`${portal.url}${path}`, init);
    const auth = await authHeaderFor(request, 'editor-roads');
    roads = ((await (await request('/api/checks/layers/roads', { headers: auth })).json()) as { features: Road[] }).features;
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await logInThroughPage(page, portal.url, 'editor-roads');
    await page.waitForSelector('[data-testid="current-user"]');
    await page.goto(`${portal.url}/infrastructure`);
    await page.waitForSelector('[data-layer-workspace="roads"] [data-testid="team-map"][data-map-state="idle"]', { timeout: 45_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('hardens a gravel road: its surface verdict turns to pass', async () => {
    const gravel = roads.find((r) => r.properties['road.surface'] === 'fail')!;
    await page.fill('input[name="feature-search"]', '');
    await page.click(`[data-feature="${gravel.properties.id}"]`);
    await page.click('[data-testid="edit-feature"]');
    await page.selectOption('[data-field="surface"] select', 'asphalt');
    await page.click('[data-testid="feature-save"]');
    await page.waitForSelector(`[data-feature="${gravel.properties.id}"][data-verdict="pass"]`);
    expect(await page.getAttribute('[data-rule="road.surface"]', 'data-verdict')).toBe('pass');
  });

  it('draws a new road segment on the map and saves it with its verdicts', async () => {
    await page.click('[data-testid="new-feature"]');
    const box = (await page.locator('[data-layer-workspace="roads"] [data-testid="team-map"]').boundingBox())!;
    const cx = box.x + box.width / 2;
    const cy = box.y + box.height / 2;
    await page.mouse.click(cx - 40, cy);
    await page.mouse.click(cx, cy + 10);
    await page.mouse.click(cx + 40, cy);
    await page.mouse.click(cx + 40, cy); // clicking the last point again ends the line
    await page.selectOption('[data-field="roadClass"] select', 'village');
    await page.selectOption('[data-field="surface"] select', 'cement_concrete');
    await page.fill('[data-field="widthM"] input', '4.5');
    await page.fill('[data-field="name"] input', '新修通组路');
    await page.click('[data-testid="feature-save"]');
    await page.waitForSelector('[data-testid="selected-name"]:has-text("新修通组路")', { timeout: 20_000 });
    expect(await page.getAttribute('[data-rule="road.surface"]', 'data-verdict')).toBe('pass');
    expect(await page.getAttribute('[data-rule="road.width"]', 'data-verdict')).toBe('pass');
    await page.screenshot({ path: `${SCREENSHOTS}roads-drawn.png` });
  });

  it('shows 通村 / 通组 coverage by town, each linked to the filtered map', async () => {
    const row = page.locator('[data-testid="road-coverage"] tr[data-town]').first();
    await row.waitFor();
    const town = await row.getAttribute('data-town');
    expect(new URL((await row.locator('a').first().getAttribute('href'))!, portal.url).searchParams.get('f')).toBe(`${town}~village.paved_road~fail`);
  });
});

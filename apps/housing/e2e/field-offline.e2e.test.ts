import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { authHeaderFor, launchChromium, logInThroughPage, phonePhoto, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));
type House = { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> & { id: number; externalId: string; version: number } };
const PHONE = { width: 375, height: 812 };

/**
 * A housing editor in a village, on a phone (375 × 812, GPS on), where the signal comes and goes:
 * photos and edits made offline wait on the phone, survive the app being closed, and reach the
 * portal when the connection returns; a change someone else made meanwhile opens the compare view.
 */
describe('the housing app in the field, offline', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let houses: House[];
  let editor: { authorization: string };
  const house = async (id: number) => (await (await portal.request(`/api/features/houses/${id}`, { headers: editor })).json()) as House;
  /** Selects a house from the list; `kept`: online, waits until the app has read it, which is what lets it be edited offline. */
  const select = async (h: House, { kept = false } = {}) => {
    await page.fill('input[name="feature-search"]', h.properties.externalId);
    const read = kept ? page.waitForResponse((r) => new URL(r.url()).pathname === `/api/features/houses/${h.properties.id}` && r.ok()) : null;
    await page.click(`[data-feature="${h.properties.id}"]`);
    await page.waitForSelector('[data-testid="selected-name"]');
    await read;
  };
  const workspaceReady = () => page.waitForSelector('[data-layer-workspace="houses"] [data-testid="team-map"][data-map-state="idle"]', { timeout: 60_000 });

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    editor = await authHeaderFor(portal.request, 'editor-housing');
    houses = ((await (await portal.request('/api/features/houses?renovationStatus=planned&limit=20', { headers: editor })).json()) as { features: House[] }).features;
    const [lon, lat] = houses[0].geometry.coordinates;
    context = await browser.newContext({ viewport: PHONE, isMobile: true, hasTouch: true, deviceScaleFactor: 2, geolocation: { longitude: lon + 0.0002, latitude: lat }, permissions: ['geolocation'] });
    page = await context.newPage();
    await logInThroughPage(page, portal.url, 'editor-housing');
    await page.waitForSelector('[data-testid="current-user"]');
    await page.goto(`${portal.url}/housing`);
    await workspaceReady();
    // The portal's service worker takes the page; opened once more under it, the app and the area shown are kept for offline use.
    await page.evaluate(() => navigator.serviceWorker.ready.then(() => undefined));
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    await page.reload();
    await workspaceReady();
  }, 240_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('fits a phone: the map on top, the list and the panel below, nothing wider than the screen; 定位我 finds the editor', async () => {
    const width = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(width).toBeLessThanOrEqual(PHONE.width);
    const map = (await page.locator('[data-layer-workspace="houses"] [data-testid="team-map"]').boundingBox())!;
    expect(map.width).toBeGreaterThan(PHONE.width * 0.9);
    await page.click('[data-testid="locate-me"]');
    await page.waitForSelector('.locate[data-state="located"]');
    expect(await page.textContent('[data-testid="locate-status"]')).toMatch(/我的位置（精度约 \d+ 米）/);
    // The map comes to the position the phone reported (its view is published when it settles).
    const [lon, lat] = houses[0].geometry.coordinates;
    await page.waitForFunction(([x, y]) => {
      const [cx, cy, zoom] = (document.querySelector('[data-layer-workspace="houses"] [data-testid="team-map"]')?.getAttribute('data-view') ?? '').split(',').map(Number);
      return Math.abs(cx - x) < 0.001 && Math.abs(cy - y) < 0.001 && zoom >= 16;
    }, [lon + 0.0002, lat]);
    // Touch-sized controls.
    expect((await page.locator('[data-testid="locate-me"]').boundingBox())!.height).toBeGreaterThanOrEqual(44);
    expect((await page.locator('input[name="feature-search"]').boundingBox())!.height).toBeGreaterThanOrEqual(44);
    await page.screenshot({ path: `${SCREENSHOTS}housing-field-phone.png` });
  });

  it('photographs a house, edits two of its fields and moves it to the editor\'s position offline; the phone keeps them through a restart and the portal has both once the signal returns', async () => {
    const target = houses[0];
    await select(target, { kept: true });
    await page.waitForSelector('[data-testid="attachments-panel"][data-loaded="true"]');
    await context.setOffline(true);
    await page.waitForSelector('[data-testid="network-state"]:has-text("离线")');

    const [lon, lat] = target.geometry.coordinates;
    await page.selectOption('[data-testid="attachment-purpose"]', 'before');
    await page.setInputFiles('input[name="attachment-camera"]', { name: '改造前-离线.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto([lon + 0.0001, lat]) });
    await page.waitForSelector('[data-testid="attachments-waiting"][data-count="1"]');
    expect(await page.textContent('[data-testid="attachment-status"]')).toContain('1 个文件已保存在本机');

    await page.click('[data-testid="edit-feature"]');
    await page.fill('[data-field="headName"] input', '离线户主');
    await page.fill('[data-field="householdSize"] input', '6');
    // And the house where the phone says the editor stands (located in the first step).
    await page.click('[data-testid="place-here"]');
    await page.click('[data-testid="feature-save"]');
    await page.waitForSelector('[data-testid="save-message"]:has-text("已保存在本机")');
    await page.waitForSelector('[data-testid="outbox"][data-waiting="2"]');
    expect(await page.textContent('[data-testid="outbox-waiting"]')).toContain('2 项修改在本机等待上传');
    // Over the map as well, where the eye is on a phone.
    expect((await page.textContent('[data-testid="map-outbox"]'))!.trim()).toBe('离线 ⇡ 2');
    expect(await page.getAttribute(`[data-feature="${target.properties.id}"]`, 'data-waiting')).toBe('true');
    await page.screenshot({ path: `${SCREENSHOTS}housing-field-offline.png` });

    // The app is closed and opened again, still without a signal: the service worker serves it, nothing was lost.
    await page.reload();
    await workspaceReady();
    await page.waitForSelector('[data-testid="outbox"][data-waiting="2"][data-online="false"]');
    await select(target);
    await page.click('[data-testid="edit-feature"]');
    expect(await page.inputValue('[data-field="headName"] input')).toBe('离线户主');
    await page.click('[data-testid="feature-cancel"]');
    expect((await house(target.properties.id)).properties.headName).not.toBe('离线户主');
    // A house this phone never opened while online has no editable copy here: it says so.
    await select(houses[2]);
    await page.click('[data-testid="edit-feature"]');
    expect(await page.textContent('[data-testid="cannot-edit"]')).toContain('联网时打开过的要素才能离线编辑');
    await select(target);

    await context.setOffline(false);
    await page.waitForSelector('[data-testid="outbox"][data-waiting="0"][data-online="true"]', { timeout: 60_000 });
    const stored = await house(target.properties.id);
    expect(stored.properties).toMatchObject({ headName: '离线户主', householdSize: 6, version: target.properties.version + 1 });
    expect(stored.geometry.coordinates[0]).toBeCloseTo(lon + 0.0002, 6);
    expect(stored.geometry.coordinates[1]).toBeCloseTo(lat, 6);
    const photos = (await (await portal.request(`/api/attachments?layer=houses&feature=${target.properties.id}`, { headers: editor })).json()) as { attachments: Array<{ fileName: string; purpose: string; thumbnailUrl: string | null }> };
    expect(photos.attachments).toEqual([expect.objectContaining({ fileName: '改造前-离线.jpg', purpose: 'before', thumbnailUrl: expect.any(String) })]);
    await page.waitForSelector('[data-testid="attachments-panel"][data-count="1"]');
  }, 240_000);

  it('a change someone else made meanwhile opens the same compare view when the signal returns; the editor keeps theirs on top', async () => {
    const target = houses[1];
    await select(target, { kept: true });
    await context.setOffline(true);
    await page.waitForSelector('[data-testid="network-state"]:has-text("离线")');
    await page.click('[data-testid="edit-feature"]');
    await page.fill('[data-field="householdSize"] input', '7');
    await page.click('[data-testid="feature-save"]');
    await page.waitForSelector('[data-testid="outbox"][data-waiting="1"]');

    // Meanwhile, at the office, someone changes the same house.
    const office = await authHeaderFor(portal.request, 'admin');
    const changed = await portal.request(`/api/features/houses/${target.properties.id}`, {
      method: 'PATCH', headers: { ...office, 'content-type': 'application/json', 'if-match': `"v${target.properties.version}"` }, body: JSON.stringify({ properties: { householdSize: 2 } }),
    });
    expect(changed.status).toBe(200);

    await context.setOffline(false);
    await page.waitForSelector('[data-testid="outbox"][data-stuck="1"] [data-state="conflict"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="outbox"]')).toContain('已被他人修改');
    await page.click('[data-testid="outbox-resolve"]');
    const row = page.locator('[data-testid="edit-conflict"] [data-field="householdSize"]');
    await row.waitFor();
    expect((await row.textContent())!.replace(/\s+/g, ' ')).toMatch(/2.*7/);
    await page.screenshot({ path: `${SCREENSHOTS}housing-field-conflict.png` });
    await page.click('[data-testid="conflict-reapply"]');
    await page.waitForSelector('[data-testid="outbox"][data-stuck="0"][data-waiting="0"]');
    expect((await house(target.properties.id)).properties).toMatchObject({ householdSize: 7, version: target.properties.version + 2 });
  }, 180_000);
});

import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_USERS } from '@cuntu/auth';
import { launchChromium, screenshotVariety, startPortal, type RunningPortal } from '@cuntu/testing';

const APPS_DIR = fileURLToPath(new URL('../../', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));
const WEB_APPS = ['shell', 'map', 'infrastructure', 'water', 'housing'];

/**
 * Saves a screenshot and checks that it shows something: many colours, no single colour filling it
 * (a text page on white is mostly white, so it gets a looser bound than a map).
 */
async function expectVisibleScreenshot(page: Page, name: string, maxDominantShare = 0.9) {
  const png = await page.screenshot({ path: `${SCREENSHOTS}${name}.png` });
  const { colours, dominantShare } = screenshotVariety(png);
  expect(colours, `${name}: distinct colours`).toBeGreaterThan(20);
  expect(dominantShare, `${name}: share of the commonest colour`).toBeLessThan(maxDominantShare);
}

async function expectCountyMap(page: Page) {
  await page.waitForSelector('[data-map-state="idle"]', { timeout: 45_000 });
  const villages = Number(await page.textContent('[data-testid="village-count"]'));
  expect(villages).toBeGreaterThan(270);
  expect(await page.textContent('[data-testid="map-summary"]')).toContain('奈曼旗');
  expect(await page.isVisible('[data-testid="sample-data-badge"]')).toBe(true);
}

describe('the portal in Debian Chromium', () => {
  let portal: RunningPortal;
  let browser: Browser;
  /** A browser context already logged in as the viewer (its cookie), shared by the journeys below. */
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    const missing = WEB_APPS.filter((app) => !existsSync(`${APPS_DIR}${app}/dist/index.html`));
    if (missing.length) throw new Error(`web apps not built (${missing.join(', ')}): run \`npm run build\` first`);
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    // Without the portal's service worker: these tests stand in for the network (a remote that fails), which routes cannot do for a worker's fetches.
    context = await browser.newContext({ viewport: { width: 1280, height: 800 }, serviceWorkers: 'block' });
    const viewer = DEMO_USERS.find((u) => u.username === 'viewer')!;
    const login = await context.request.post(`${portal.url}/api/auth/login`, { data: { username: viewer.username, password: viewer.password } });
    expect(login.ok()).toBe(true);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const freshPage = async () => {
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(e.message));
    return page;
  };

  it('asks for a login, refuses a wrong password, and lets the viewer in', async () => {
    const anonymous = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const p = await anonymous.newPage();
    await p.goto(`${portal.url}/`);
    await p.waitForSelector('[data-testid="login-form"]');
    await expectVisibleScreenshot(p, 'login', 0.97);
    await p.fill('input[name="username"]', 'viewer');
    await p.fill('input[name="password"]', 'wrong-password');
    await p.click('button[type="submit"]');
    expect(await p.locator('[role="alert"]').textContent()).toContain('用户名或密码错误');
    await p.fill('input[name="password"]', DEMO_USERS.find((u) => u.username === 'viewer')!.password);
    await p.click('button[type="submit"]');
    await p.waitForSelector('[data-remote="map"][data-remote-state="loaded"]', { timeout: 30_000 });
    expect(await p.textContent('[data-testid="current-user"]')).toContain('规划查看');
    await anonymous.close();
  });

  it('loads the map micro-app inside the shell at runtime and draws the county', async () => {
    await freshPage();
    await page.goto(`${portal.url}/`);
    await page.waitForSelector('[data-remote="map"][data-remote-state="loaded"]', { timeout: 30_000 });
    await expectCountyMap(page);
    expect(await page.textContent('[data-testid="shell-status"]')).toContain('奈曼旗');
    await expectVisibleScreenshot(page, 'shell-map');
    expect(pageErrors).toEqual([]);
    await page.close();
  });

  it('runs the map micro-app alone, without the shell', async () => {
    await freshPage();
    await page.goto(`${portal.url}/apps/map/`);
    await expectCountyMap(page);
    expect(await page.$('[data-testid="shell-status"]')).toBeNull();
    await expectVisibleScreenshot(page, 'map-alone');
    await page.close();
  });

  it.each([
    ['infrastructure', 'roads'],
    ['water', 'water_sources'],
    ['housing', 'houses'],
  ])('shows the %s app in the shell and alone, with its %s and counts', async (app, layer) => {
    await freshPage();
    await page.goto(`${portal.url}/map`);
    await page.waitForSelector('[data-remote="map"][data-remote-state="loaded"]');
    await page.click(`[data-nav="${app}"]`);
    const count = page.locator(`[data-layer="${layer}"] [data-testid="layer-count"]`);
    await count.waitFor({ timeout: 30_000 });
    expect(await count.textContent()).toMatch(/共 \d+ 个要素/);
    expect(await page.locator(`[data-layer="${layer}"] tbody tr`).count()).toBe(20);
    await expectVisibleScreenshot(page, `shell-${app}`, 0.97);

    await page.goto(`${portal.url}/apps/${app}/`);
    await page.locator(`[data-layer="${layer}"] [data-testid="layer-count"]`).waitFor({ timeout: 30_000 });
    expect(await page.$('[data-testid="shell-status"]')).toBeNull();
    await expectVisibleScreenshot(page, `${app}-alone`, 0.97);
    await page.close();
  });

  it('keeps working when one micro-app cannot be loaded, and says so', async () => {
    await freshPage();
    await page.route('**/apps/housing/remoteEntry.js', (route) => route.fulfill({ status: 503, body: 'unavailable' }));
    await page.goto(`${portal.url}/housing`);
    const alert = page.locator('[data-remote="housing"] [role="alert"]');
    await alert.waitFor({ timeout: 30_000 });
    expect(await alert.textContent()).toContain('加载失败');
    await page.click('[data-nav="map"]');
    await expectCountyMap(page);
    await page.close();
  });

  it('shares one Vue, Pinia and MapLibre: the remote loads none of its own copies', async () => {
    await freshPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${portal.url}/map`);
    await expectCountyMap(page);
    const remoteCopies = requests.filter((p) => p.startsWith('/apps/') && /prebuild__(vue|pinia)|\/maplibre-gl-(?!worker)/.test(p));
    expect(remoteCopies).toEqual([]);
    const providers = await page.evaluate(() => {
      const share = (globalThis as { __FEDERATION__?: { __SHARE__?: Record<string, { default?: Record<string, Record<string, { from: string }>> }> } }).__FEDERATION__?.__SHARE__?.map?.default ?? {};
      return Object.fromEntries(Object.entries(share).map(([name, versions]) => [name, Object.values(versions).map((v) => v.from)]));
    });
    expect(providers).toMatchObject({ vue: ['shell'], pinia: ['shell'], 'maplibre-gl': ['shell'] });
    await page.close();
  });
});

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { DEMO_USERS } from '@cuntu/auth';
import { LAYER_IDS, layersOfTeam } from '@cuntu/domain';
import { message, messageKeys } from '@cuntu/messages';
import { launchChromium, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;

/** Every screen of the portal, as an administrator sees it, and what says it has loaded; tabs within it. */
const ROUTES: Array<{ path: string; ready: string; tabs?: string[]; pick?: string }> = [
  { path: '/map', ready: '[data-map-state="idle"]' },
  { path: '/infrastructure', ready: '[data-layer-workspace] li[data-feature]', tabs: layersOfTeam('roads'), pick: '[data-layer-workspace] li[data-feature]' },
  { path: '/water', ready: '[data-layer-workspace] li[data-feature]', pick: '[data-layer-workspace] li[data-feature]' },
  { path: '/housing', ready: '[data-layer-workspace] li[data-feature]', tabs: layersOfTeam('housing'), pick: '[data-layer-workspace] li[data-feature]' },
  { path: '/dashboard', ready: '[data-testid="dashboard"][data-state="ready"]' },
  { path: '/admin', ready: '[data-testid="admin-page"]', tabs: ['accounts', 'profiles', 'audit', 'settings'] },
];

/**
 * Every screen switches language: in English no Chinese is left on screen but data (names of places,
 * features, people, profiles; the language switch names the other language), and back in Chinese no
 * English sentence of the catalogue is left.
 */
describe('the portal in both languages', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let context: BrowserContext;
  /** Chinese that is data, not words of ours: longest first, so a name is removed before a name inside it. */
  let data: string[] = [];

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const admin = DEMO_USERS.find((u) => u.username === 'admin')!;
    expect((await context.request.post(`${portal.url}/api/auth/login`, { data: { username: admin.username, password: admin.password } })).ok()).toBe(true);
    const get = async (path: string) => (await context.request.get(`${portal.url}${path}`)).json();
    const names = new Set<string>([message('en', 'app.language'), ...DEMO_USERS.map((u) => u.displayName)]);
    const add = (v: unknown) => typeof v === 'string' && CJK.test(v) && names.add(v);
    for (const f of (await get('/api/regions/counties')).features) add(f.properties.name);
    for (const f of (await get('/api/regions/towns')).features) add(f.properties.name);
    for (const layer of LAYER_IDS) {
      for (const f of (await get(`/api/checks/layers/${layer}`)).features) add(f.properties.name);
    }
    for (const p of (await get('/api/standards/profiles')).profiles) { add(p.nameZh); add(p.sourceNote); }
    // Laboratories and notes of the water-quality tests the water screen lists.
    for (const f of (await get('/api/checks/layers/water_sources')).features) {
      for (const test of (await get(`/api/water/sources/${f.properties.id}/tests`)).tests ?? []) { add(test.lab); add(test.note); }
    }
    data = [...names].sort((a, b) => b.length - a.length);
  }, 180_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  /** What a screen says, tab by tab (and with a feature picked where there is a list). */
  async function screenTexts(page: Page, route: (typeof ROUTES)[number], language: string): Promise<string[]> {
    await page.goto(`${portal.url}${route.path}`);
    await page.waitForSelector(route.ready, { timeout: 60_000 });
    const texts: string[] = [];
    for (const tab of route.tabs ?? [null]) {
      if (tab) {
        await page.click(`[role="tab"][data-tab="${tab}"]`);
        if (route.pick) await page.waitForSelector(route.pick, { timeout: 60_000 });
      }
      if (route.pick) {
        await page.click(route.pick);
        await page.waitForSelector('[data-testid="selected-name"]', { timeout: 30_000 });
      }
      await page.waitForTimeout(300);
      await page.screenshot({ path: `${SCREENSHOTS}language-${language}${route.path.replace(/\//g, '-')}${tab ? `-${tab}` : ''}.png` });
      texts.push(await page.innerText('body'));
    }
    return texts;
  }

  it('leaves no Chinese but data on any screen in English', async () => {
    const page = await context.newPage();
    await page.goto(`${portal.url}/map`);
    await page.waitForSelector('[data-testid="language-switch"]');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    await page.click('[data-testid="language-switch"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    const left: string[] = [];
    for (const route of ROUTES) {
      for (const text of await screenTexts(page, route, 'en')) {
        let rest = text;
        for (const name of data) rest = rest.split(name).join(' ');
        left.push(...rest.split('\n').filter((line) => CJK.test(line)).map((line) => `${route.path}: ${line.trim()}`));
      }
    }
    expect([...new Set(left)]).toEqual([]);
    await page.close();
  }, 420_000);

  it('and no English words of ours once switched back to Chinese', async () => {
    const page = await context.newPage();
    await page.goto(`${portal.url}/map`);
    // The choice of English is remembered: the page opens in English, one click brings Chinese back.
    await page.waitForSelector('[data-testid="language-switch"]');
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.click('[data-testid="language-switch"]');
    expect(await page.getAttribute('html', 'lang')).toBe('zh-CN');
    // English messages of the catalogue worth looking for: longer than a word or two, and unlike their Chinese.
    const english = messageKeys('en').map((key) => message('en', key)).filter((m) => !/[{}]/.test(m) && m.split(' ').length >= 3 && !CJK.test(m));
    const found: string[] = [];
    for (const route of ROUTES) {
      for (const text of await screenTexts(page, route, 'zh')) found.push(...english.filter((m) => text.includes(m)).map((m) => `${route.path}: ${m}`));
    }
    expect([...new Set(found)]).toEqual([]);
    await page.close();
  }, 420_000);
});

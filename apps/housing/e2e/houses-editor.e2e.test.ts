import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { authHeaderFor, launchChromium, logInThroughPage, startPortal, type RunningPortal } from '@cuntu/testing';

type House = { properties: Record<string, unknown> & { id: number } };

/** The housing team in its app, in Debian's Chromium: personal data only for those allowed to see it. */
describe('the houses workspace', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let houses: House[];
  const open = async (username: string): Promise<Page> => {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await logInThroughPage(page, portal.url, username);
    await page.waitForSelector('[data-testid="current-user"]');
    await page.goto(`${portal.url}/housing`);
    await page.waitForSelector('[data-layer-workspace="houses"] [data-testid="team-map"][data-map-state="idle"]', { timeout: 45_000 });
    return page;
  };

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    const request = (path: string, init?: RequestInit) => fetch(`${portal.url}${path}`, init);
    houses = ((await (await request('/api/checks/layers/houses', { headers: await authHeaderFor(request, 'viewer') })).json()) as { features: House[] }).features;
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('lets a housing editor move a case along the workflow, with the household\'s personal data in the form', async () => {
    const page = await open('editor-housing');
    const house = houses.slice(0, 200).find((h) => h.properties['house.safety'] === 'fail')!; // the list shows the first 200
    await page.click(`[data-feature="${house.properties.id}"]`);
    await page.click('[data-testid="edit-feature"]');
    await page.waitForSelector('[data-field="headName"] input');
    const status = await page.inputValue('[data-field="renovationStatus"] select');
    const next = status === 'in_progress' ? 'completed' : 'in_progress';
    await page.selectOption('[data-field="renovationStatus"] select', next);
    await page.click('[data-testid="feature-save"]');
    await page.waitForSelector('[data-testid="save-message"]');
    await page.waitForSelector('[data-testid="selected-name"]');
    const request = (path: string, init?: RequestInit) => fetch(`${portal.url}${path}`, init);
    const stored = (await (await request(`/api/features/houses/${house.properties.id}`, { headers: await authHeaderFor(request, 'editor-housing') })).json()) as House;
    expect(stored.properties.renovationStatus).toBe(next);
  });

  it('lists relocation sites breaching a red line, each one click from its place and verdicts', async () => {
    const page = await open('viewer');
    await page.click('[data-tab="relocation_sites"]');
    await page.waitForSelector('[data-layer-workspace="relocation_sites"] [data-testid="team-map"][data-map-state="idle"]', { timeout: 45_000 });
    const breach = page.locator('[data-testid="red-line-breaches"] li[data-breach] a').first();
    await breach.click();
    await page.waitForSelector('[data-testid="selected-name"]');
    const verdicts = await page.$$eval('[data-rule]', (els) => els.map((e) => `${e.getAttribute('data-rule')}=${e.getAttribute('data-verdict')}`));
    expect(verdicts.some((v) => v === 'relocation.area=fail' || v === 'relocation.self_funding=fail')).toBe(true);
  });

  it('shows a viewer no editing tools and no personal data', async () => {
    const page = await open('viewer');
    expect(await page.getAttribute('[data-layer-workspace="houses"]', 'data-can-edit')).toBe('false');
    await page.click(`[data-feature="${houses[0].properties.id}"]`);
    await page.waitForSelector('[data-testid="selected-name"]');
    expect(await page.$('[data-testid="edit-feature"]')).toBeNull();
    expect(await page.$('[data-testid="new-feature"]')).toBeNull();
    expect(await page.textContent('body')).not.toMatch(/户主姓名|身份证/);
    expect(houses.every((h) => !('headName' in h.properties))).toBe(true);
  });
});

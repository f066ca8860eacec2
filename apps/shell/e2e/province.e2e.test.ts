import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { authHeaderFor, launchChromium, logInThroughPage, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));
const PROVINCE = '150000000000';
const PREFECTURE = '150500000000';
const NAIMAN = '150525000000';
const PASSWORD = 'Drill-down-2026!x';

/**
 * Regions in the browser (issue 21): a province leader drills the dashboard from the province to a
 * village, each level ranking its children; a county's administrator sees and makes only their county's accounts.
 */
describe('a province on one deployment', () => {
  let portal: RunningPortal;
  let browser: Browser;
  const request = (path: string, init?: RequestInit) => portal.request(path, init);

  /** An account made by the demo administrator, its first password already changed (as its user would at first login). */
  async function account(username: string, roles: string[], region: string) {
    const admin = await authHeaderFor(request, 'admin');
    const made = await request('/api/admin/users', {
      method: 'POST', headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: `${PASSWORD}-first`, roles, region }),
    });
    expect(made.status, await made.clone().text()).toBe(201);
    const own = await authHeaderFor(request, username, `${PASSWORD}-first`);
    const changed = await request('/api/me/password', { method: 'POST', headers: { ...own, 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: `${PASSWORD}-first`, newPassword: PASSWORD }) });
    expect(changed.status).toBe(204);
  }

  async function pageAs(username: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await logInThroughPage(page, portal.url, username, PASSWORD);
    await page.waitForSelector('[data-testid="current-user"]');
    return page;
  }

  /** Waits for the dashboard to show an area, and returns the ranking's rows (their codes) and level. */
  async function dashboardAt(page: Page, area: string) {
    await page.waitForSelector(`[data-testid="dashboard"][data-state="ready"][data-area="${area}"] [data-testid="figures"]`, { timeout: 30_000 });
    await page.waitForFunction((code) => document.querySelector('[data-testid="breadcrumb"] a:last-of-type')?.getAttribute('data-crumb') === code, area, { timeout: 30_000 });
  }

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    await account('province-leader', ['leader'], PROVINCE);
    await account('naiman-admin', ['admin'], NAIMAN);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('takes a province leader from the province to a prefecture, the county, a town and a village', async () => {
    const page = await pageAs('province-leader');
    await page.click('[data-nav="dashboard"]');
    await dashboardAt(page, PROVINCE);
    expect(await page.textContent('[data-testid="breadcrumb"]')).toContain('内蒙古自治区');
    expect(await page.getAttribute('[data-testid="town-ranking"]', 'data-level')).toBe('prefecture');
    expect(await page.textContent(`[data-testid="town-ranking"] tr[data-region="${PREFECTURE}"]`)).toContain('通辽市');
    await page.screenshot({ path: `${SCREENSHOTS}province-dashboard.png`, fullPage: true });

    await page.click(`[data-testid="town-ranking"] tr[data-region="${PREFECTURE}"] [data-drill]`);
    await dashboardAt(page, PREFECTURE);
    expect(await page.getAttribute('[data-testid="town-ranking"]', 'data-level')).toBe('county');
    await page.click(`[data-testid="town-ranking"] tr[data-region="${NAIMAN}"] [data-drill]`);
    await dashboardAt(page, NAIMAN);
    expect(await page.textContent('[data-testid="breadcrumb"]')).toMatch(/内蒙古自治区.*通辽市.*奈曼旗/);
    // The county's figures are those of the summary API; its towns are ranked best first.
    const auth = await authHeaderFor(request, 'province-leader', PASSWORD);
    const summary = (await (await request(`/api/checks/summary?region=${NAIMAN}`, { headers: auth })).json()) as { coverage: { villagesReadyToExit: number } };
    expect(await page.getAttribute('[data-figure="villagesReadyToExit"]', 'data-value')).toBe(String(summary.coverage.villagesReadyToExit));
    const towns = page.locator('[data-testid="town-ranking"] tbody tr[data-town]');
    expect(await towns.count()).toBe(13);
    await page.screenshot({ path: `${SCREENSHOTS}province-county.png`, fullPage: true });

    const town = (await towns.first().getAttribute('data-town'))!;
    await towns.first().locator('[data-drill]').click();
    await dashboardAt(page, town);
    const village = page.locator('[data-testid="village-list"] tr[data-village]').first();
    const villageCode = (await village.getAttribute('data-village'))!;
    await village.locator('a').click();
    await page.waitForSelector(`[data-testid="dashboard"][data-area="${villageCode}"] [data-testid="village-sheet"]`, { timeout: 30_000 });
    expect(await page.textContent('[data-testid="breadcrumb"]')).toMatch(/内蒙古自治区.*通辽市.*奈曼旗/);
    // The heading stays the reader's whole region; the breadcrumb says where in it.
    expect(await page.textContent('.dashboard__head h2')).toContain('内蒙古自治区');
    await page.screenshot({ path: `${SCREENSHOTS}province-village.png`, fullPage: true });

    // Back up by the breadcrumb to the province.
    await page.click(`[data-testid="breadcrumb"] a[data-crumb="${PROVINCE}"]`);
    await dashboardAt(page, PROVINCE);
  });

  it("shows a county's administrator only their county's accounts, and gives new ones a region inside it", async () => {
    const page = await pageAs('naiman-admin');
    await page.click('[data-nav="admin"]');
    await page.waitForSelector('[data-testid="accounts-table"] tr[data-username="editor-roads"]');
    const listed = await page.$$eval('[data-testid="accounts-table"] tr[data-username]', (rows) => rows.map((r) => r.getAttribute('data-username')));
    expect(listed).toContain('viewer');
    expect(listed).not.toContain('admin');
    expect(listed).not.toContain('province-leader');
    expect(await page.textContent('[data-testid="accounts-table"] tr[data-username="editor-roads"] [data-column="region"]')).toBe('奈曼旗');
    // The region choices are the county and its towns, nothing wider.
    const choices = await page.$$eval('[data-testid="new-region"] option', (options) => options.map((o) => (o as HTMLOptionElement).value));
    expect(choices[0]).toBe(NAIMAN);
    expect(choices.every((c) => c.startsWith('150525'))).toBe(true);
    expect(choices.length).toBe(14);

    await page.fill('input[name="new-username"]', 'town-viewer');
    await page.fill('input[name="new-user-password"]', 'Seeing-one-town-2026!');
    await page.uncheck('input[name="role-editor"]');
    await page.check('input[name="role-viewer"]');
    await page.selectOption('[data-testid="new-region"]', choices[1]);
    await page.click('[data-testid="create-account"] button[type="submit"]');
    await page.waitForSelector('[data-testid="accounts-table"] tr[data-username="town-viewer"]');
    const townName = await page.textContent(`[data-testid="new-region"] option[value="${choices[1]}"]`);
    expect((await page.textContent('[data-testid="accounts-table"] tr[data-username="town-viewer"] [data-column="region"]'))!.trim()).toBe(townName!.trim());
    await page.screenshot({ path: `${SCREENSHOTS}county-admin-accounts.png`, fullPage: true });

    // The town's viewer, once they have chosen their password, starts the dashboard at their town.
    const first = await authHeaderFor(request, 'town-viewer', 'Seeing-one-town-2026!');
    const changed = await request('/api/me/password', { method: 'POST', headers: { ...first, 'content-type': 'application/json' }, body: JSON.stringify({ currentPassword: 'Seeing-one-town-2026!', newPassword: PASSWORD }) });
    expect(changed.status).toBe(204);
    const viewer = await pageAs('town-viewer');
    await viewer.click('[data-nav="dashboard"]');
    await dashboardAt(viewer, choices[1]);
    expect(await viewer.locator('[data-testid="village-list"] tr[data-village]').count()).toBeGreaterThan(5);
    expect(await viewer.$$eval('[data-testid="village-list"] tr[data-village]', (rows) => rows.every((r) => r.getAttribute('data-village')!.startsWith(r.getAttribute('data-village')!.slice(0, 9))))).toBe(true);
    expect(await viewer.textContent('[data-testid="breadcrumb"]')).toContain(townName!.trim());
  });
});

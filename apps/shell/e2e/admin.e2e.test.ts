import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logInThroughPage, screenshotVariety, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));

async function shot(page: Page, name: string) {
  const png = await page.screenshot({ path: `${SCREENSHOTS}admin-${name}.png` });
  expect(screenshotVariety(png).colours, name).toBeGreaterThan(20);
}

/** An administrator sets up a water editor and switches the county's standard, in Debian's Chromium. */
describe("an administrator's journey", () => {
  let portal: RunningPortal;
  let browser: Browser;
  let admin: Page;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    admin = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('creates an editor for the water layer in the accounts screen', async () => {
    await logInThroughPage(admin, portal.url, 'admin');
    await admin.click('[data-nav="admin"]');
    await admin.waitForSelector('[data-testid="accounts-table"] tr[data-username="admin"]');
    await admin.fill('input[name="new-username"]', 'li.water');
    await admin.fill('input[name="new-display-name"]', '李水利');
    await admin.fill('input[name="new-user-password"]', 'Temporary-pass-9');
    await admin.check('input[name="role-editor"]');
    await admin.check('input[name="team-water"]');
    await admin.click('[data-testid="create-account"] button[type="submit"]');
    const row = admin.locator('tr[data-username="li.water"]');
    await row.waitFor();
    expect(await row.textContent()).toContain('水源与供水');
    expect(await row.textContent()).toContain('待改密码');
    await shot(admin, 'accounts');
  });

  it('lets that editor, once logged in, edit water sources but not roads', async () => {
    const editor = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await logInThroughPage(editor, portal.url, 'li.water', 'Temporary-pass-9');
    await editor.waitForSelector('[data-testid="change-password-form"]');
    await editor.fill('input[name="new-password"]', 'Shuiyuan-2026!');
    await editor.fill('input[name="repeat-password"]', 'Shuiyuan-2026!');
    await editor.click('button[type="submit"]');
    await editor.waitForSelector('[data-testid="current-user"]');
    expect(await editor.textContent('[data-testid="current-user"]')).toContain('李水利');
    // Writes from the editor's browser session (its cookie), as the team apps send them.
    const tryEdit = (layer: string, id: number) => editor.evaluate(async ([l, i]) => {
      const current = await fetch(`/api/features/${l}/${i}`);
      const response = await fetch(`/api/features/${l}/${i}`, {
        method: 'PATCH', headers: { 'content-type': 'application/json', 'if-match': current.headers.get('etag') ?? '' },
        body: JSON.stringify({ properties: { name: '李水利核实' } }),
      });
      return response.status;
    }, [layer, id] as const);
    expect(await tryEdit('water_sources', 2)).toBe(200);
    expect(await tryEdit('roads', 2)).toBe(403);
    // The admin finds the edit in the audit log.
    await admin.click('[data-tab="audit"]');
    await admin.selectOption('select[name="audit-user"]', 'li.water');
    await admin.click('.admin-filter button[type="submit"]');
    await admin.locator('[data-testid="audit-table"] tbody tr').first().click();
    expect(await admin.textContent('[data-testid="audit-detail"]')).toContain('李水利核实');
    await shot(admin, 'audit');
  });

  it('edits a threshold of a fresh copy of a profile in the threshold form', async () => {
    const errors: string[] = [];
    admin.on('pageerror', (e) => errors.push(e.message));
    await admin.click('[data-tab="profiles"]');
    await admin.click('[data-profile="western-2015"] button');
    await admin.waitForSelector('[data-testid="threshold-form"] input[name="village.incidenceMaxPct"]');
    expect(await admin.inputValue('[data-testid="threshold-form"] input[name="village.incidenceMaxPct"]')).toBe('3');
    await admin.fill('[name="profile-key"]', 'county-2021');
    await admin.fill('[name="profile-name-zh"]', '本县 2021 年标准');
    await admin.fill('[name="profile-name-en"]', 'County standard 2021');
    await admin.click('[data-testid="copy-profile"] button[type="submit"]');
    await admin.waitForSelector('[data-profile="county-2021"].is-selected');
    await admin.fill('[data-testid="threshold-form"] input[name="village.incidenceMaxPct"]', '2.5');
    await admin.click('[data-testid="threshold-form"] button[type="submit"]');
    await admin.waitForSelector('[data-testid="profile-diff"]:has-text("2.5")');
    expect(errors).toEqual([]);
    admin.removeAllListeners('pageerror');
  });

  it('switches the county to the western-region profile, and 吉格斯台嘎查 passes the incidence rule on the map', async () => {
    await admin.click('[data-tab="profiles"]');
    await admin.click('[data-profile="western-2015"] button');
    await admin.waitForSelector('[data-testid="profile-diff"]');
    expect(await admin.textContent('[data-testid="profile-diff"]')).toContain('贫困发生率上限');
    await admin.click('[data-testid="activate-profile"]');
    await admin.waitForSelector('[data-testid="job-progress"]');
    await admin.waitForSelector('[data-testid="job-progress"][data-state="done"]', { timeout: 60_000 });
    await admin.waitForSelector('[data-profile="western-2015"] [data-testid="active-badge"]');
    await shot(admin, 'profile-activated');

    await admin.click('[data-nav="map"]');
    await admin.waitForSelector('[data-map-state="idle"]', { timeout: 45_000 });
    await admin.fill('[data-testid="search-input"]', 'jigesitai');
    await admin.click('[data-testid="search-results"] button[data-result="150525100200"]');
    const incidence = admin.locator('[data-testid="inspect-panel"] [data-rule="village.incidence"]');
    await incidence.waitFor({ timeout: 20_000 });
    expect(await incidence.getAttribute('data-verdict')).toBe('pass');
    expect(await incidence.locator('[data-testid="verdict-reason"]').textContent()).toContain('3%');
    await shot(admin, 'map-western');
  });
});

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchChromium, logInThroughPage, screenshotVariety, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));

/** A county GIS officer makes a token for QGIS in the portal, QGIS logs in with it, and the officer revokes it (issue 20). */
describe('personal access tokens in the portal', () => {
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('creates a named read-write token shown once, sees its last use, and revokes it', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1366, height: 768 } })).newPage();
    page.on('dialog', (dialog) => void dialog.accept());
    await logInThroughPage(page, portal.url, 'editor-roads');
    await page.click('[data-testid="current-user"]');
    await page.waitForSelector('[data-testid="account-page"]');
    expect(await page.textContent('[data-testid="access-tokens"]')).toContain('还没有访问令牌');

    await page.fill('input[name="token-name"]', '办公室电脑 QGIS');
    await page.check('input[name="token-scope"][value="write"]');
    await page.selectOption('select[name="token-expiry"]', { label: '90 天' });
    await page.click('[data-testid="create-token"] button[type="submit"]');
    const secret = (await page.textContent('[data-testid="new-token-secret"]'))!.trim();
    expect(secret).toMatch(/^cuntu_pat_/);
    expect(await page.textContent('[data-testid="access-tokens"]')).toContain(`${portal.url}/ogc`);
    const png = await page.screenshot({ path: `${SCREENSHOTS}access-token-created.png`, fullPage: true });
    expect(screenshotVariety(png).colours).toBeGreaterThan(20);
    const row = page.locator('[data-token="办公室电脑 QGIS"]');
    expect(await row.textContent()).toContain('读写');
    expect(await row.locator('[data-column="last-used"]').textContent()).toBe('从未使用');
    await page.click('[data-testid="close-token"]');
    expect(await page.locator('[data-testid="new-token"]').count()).toBe(0);

    // QGIS's Basic login: the user name and the token as the password.
    const basic = { authorization: `Basic ${Buffer.from(`editor-roads:${secret}`).toString('base64')}` };
    expect((await portal.request(`/ogc/collections/roads/items?limit=1`, { headers: basic })).status).toBe(200);
    await page.reload();
    await page.waitForSelector('[data-token="办公室电脑 QGIS"]');
    expect(await page.locator('[data-token="办公室电脑 QGIS"] [data-column="last-used"]').textContent()).not.toBe('从未使用');

    await page.click('[data-token="办公室电脑 QGIS"] [data-action="revoke"]');
    await page.waitForFunction(() => document.querySelector('[role="status"]')?.textContent?.includes('已撤销'));
    expect(await page.locator('[data-token="办公室电脑 QGIS"]').count()).toBe(0);
    expect((await portal.request(`/ogc/collections/roads/items?limit=1`, { headers: basic })).status).toBe(401);
  });

  it('changes the password from the account page, refusing a wrong current one in the user\'s language', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await logInThroughPage(page, portal.url, 'viewer');
    await page.waitForSelector('[data-testid="current-user"]');
    // The account page has an address of its own.
    await page.goto(`${portal.url}/account`);
    await page.waitForSelector('[data-testid="account-password"]');
    await page.fill('input[name="current-password"]', 'not-my-password');
    await page.fill('input[name="new-password"]', 'Chakan-2026-new!');
    await page.fill('input[name="repeat-password"]', 'Chakan-2026-new!');
    await page.click('[data-testid="account-password"] button[type="submit"]');
    await page.waitForSelector('[data-testid="account-password"] [role="alert"]');
    expect(await page.textContent('[data-testid="account-password"] [role="alert"]')).toContain('当前密码不正确');
  });
});

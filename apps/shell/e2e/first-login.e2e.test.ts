import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { authHeaderFor, launchChromium, screenshotVariety, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));

/** A new account's first login: the administrator's temporary password must be replaced before anything else. */
describe('first login of an account an administrator created', () => {
  let portal: RunningPortal;
  let browser: Browser;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    const request = (path: string, init?: RequestInit) => portal.request(path, init);
    const admin = await authHeaderFor(request, 'admin');
    const created = await request('/api/admin/users', {
      method: 'POST', headers: { ...admin, 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'zhao.water', displayName: '赵水利', password: 'Temporary-pass-1', roles: ['editor'], editorTeams: ['water'] }),
    });
    expect(created.status).toBe(201);
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('asks for a new password, explains what is wrong with a weak one, then opens the portal', async () => {
    const page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    await page.goto(`${portal.url}/`);
    await page.fill('input[name="username"]', 'zhao.water');
    await page.fill('input[name="password"]', 'Temporary-pass-1');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="change-password-form"]');
    await page.fill('input[name="new-password"]', 'Qingshui-2026!');
    await page.fill('input[name="repeat-password"]', 'Qingshui-2026?');
    await page.click('button[type="submit"]');
    // In the page's language (Chinese by default), no longer both at once.
    expect(await page.textContent('[role="alert"]')).toBe('两次输入的新密码不一致');
    await page.fill('input[name="new-password"]', 'weakpass');
    await page.fill('input[name="repeat-password"]', 'weakpass');
    await page.click('button[type="submit"]');
    await page.waitForFunction(() => document.querySelector('[role="alert"]')?.textContent?.includes('10'));
    const png = await page.screenshot({ path: `${SCREENSHOTS}first-login-weak-password.png` });
    expect(screenshotVariety(png).colours).toBeGreaterThan(20);
    await page.fill('input[name="new-password"]', 'Qingshui-2026!');
    await page.fill('input[name="repeat-password"]', 'Qingshui-2026!');
    await page.click('button[type="submit"]');
    await page.waitForSelector('[data-testid="current-user"]');
    expect(await page.textContent('[data-testid="current-user"]')).toContain('赵水利');
    // The new password is the one that works now.
    const login = await portal.request(`/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'zhao.water', password: 'Qingshui-2026!' }) });
    expect(((await login.json()) as { mustChangePassword: boolean }).mustChangePassword).toBe(false);
  });
});

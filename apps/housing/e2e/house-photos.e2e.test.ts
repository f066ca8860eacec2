import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { fileURLToPath } from 'node:url';
import { authHeaderFor, launchChromium, openTeamWorkspace, phonePhoto, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));

type House = { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> & { id: number; externalId: string } };

/** 照片资料 on a house, in Debian's Chromium: the housing team keeps them; nobody else sees them. */
describe('a house\'s photos in the housing app', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let house: House;
  const open = async (username: string): Promise<Page> => {
    const page = await openTeamWorkspace(browser, portal.url, username, 'housing', 'houses');
    await page.fill('input[name="feature-search"]', house.properties.externalId);
    await page.click(`[data-feature="${house.properties.id}"]`);
    await page.waitForSelector('[data-testid="selected-name"]');
    return page;
  };

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    const request = (path: string, init?: RequestInit) => portal.request(path, init);
    const editor = await authHeaderFor(request, 'editor-housing');
    house = ((await (await request('/api/features/houses?limit=1', { headers: editor })).json()) as { features: House[] }).features[0];
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('a housing editor adds before-photos with progress; the one taken 3 km away is flagged; a removal is undone', async () => {
    const page = await open('editor-housing');
    const panel = page.locator('[data-testid="attachments-panel"][data-loaded="true"]');
    await panel.waitFor();
    expect(await panel.getAttribute('data-count')).toBe('0');
    const [lon, lat] = house.geometry.coordinates;
    await page.selectOption('[data-testid="attachment-purpose"]', 'before');
    await page.setInputFiles('input[name="attachment-files"]', [
      { name: '改造前-正面.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto([lon + 0.0004, lat]) },
      { name: '改造前-侧面.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto([lon + 0.034, lat], { colour: '#a87' }) },
    ]);
    await page.waitForSelector('[data-testid="attachments-panel"][data-count="2"]');
    expect(await page.textContent('[data-testid="attachment-status"]')).toContain('已上传 2 个文件');
    const far = page.locator('[data-attachment][data-far="true"]');
    expect(await far.count()).toBe(1);
    expect(await far.textContent()).toMatch(/改造前-侧面\.jpg[\s\S]*改造前[\s\S]*拍摄点距该要素 \d{4} 米，超过 500 米/);
    expect(await page.locator('[data-attachment][data-far="false"]').textContent()).toContain('拍摄时间 2025-06-01 09:30:15');
    // Thumbnails are drawn (made on the server, read with the session cookie).
    await page.waitForFunction(() => [...document.querySelectorAll<HTMLImageElement>('[data-attachment] img')].every((img) => img.complete && img.naturalWidth > 0));
    await page.locator('[data-testid="attachments-panel"]').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SCREENSHOTS}housing-house-photos.png` });

    await far.locator('[data-testid="attachment-remove"]').click();
    await page.waitForSelector('[data-testid="attachments-panel"][data-count="1"]');
    await page.click('[data-testid="attachment-undo"]');
    await page.waitForSelector('[data-testid="attachments-panel"][data-count="2"]');
  });

  it('refuses a file that is not what its name says, naming it, and keeps the good one sent with it', async () => {
    const page = await open('editor-housing');
    await page.waitForSelector('[data-testid="attachments-panel"][data-count="2"]');
    await page.setInputFiles('input[name="attachment-files"]', [
      { name: '验收照片.jpg', mimeType: 'image/jpeg', buffer: Buffer.concat([Buffer.from('MZ', 'latin1'), Buffer.alloc(600)]) },
      { name: '验收-1.jpg', mimeType: 'image/jpeg', buffer: await phonePhoto() },
    ]);
    await page.waitForSelector('[data-testid="attachments-panel"][data-count="3"]');
    expect(await page.textContent('[data-testid="attachment-error"]')).toContain('验收照片.jpg');
    expect(await page.textContent('[data-attachment]:first-child')).toContain('照片未记录拍摄位置');
  });

  it('shows a viewer the house but not its photos', async () => {
    const page = await open('viewer');
    await page.waitForTimeout(500);
    expect(await page.locator('[data-testid="attachments-panel"]').count()).toBe(0);
  });
});

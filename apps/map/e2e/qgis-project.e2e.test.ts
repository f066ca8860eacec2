import { execFile } from 'node:child_process';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { DOMParser } from '@xmldom/xmldom';
import { DEMO_USERS } from '@cuntu/auth';
import { launchChromium, logInThroughPage, startPortal, type RunningPortal } from '@cuntu/testing';

const run = promisify(execFile);
const HARNESS = fileURLToPath(new URL('../../../tools/desktop-clients/', import.meta.url));

/** A planner takes the map as it is into QGIS: one click, a project QGIS opens with every layer valid (issue 20). */
describe('open the map in QGIS', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })).newPage();
    await logInThroughPage(page, portal.url, 'viewer');
    await page.waitForSelector('[data-map-state="idle"]', { timeout: 45_000 });
    await page.selectOption('[data-colour-by="roads"]', 'road.width');
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('downloads a project of the map\'s layers and colours on a token named for it, which QGIS opens', async () => {
    const downloaded = page.waitForEvent('download', { timeout: 60_000 });
    await page.click('[data-testid="qgis-project"]');
    const download = await downloaded;
    expect(download.suggestedFilename()).toMatch(/^cuntu-\d{4}-\d{2}-\d{2}\.qgs$/);
    const file = (await download.path())!;
    const text = await readFile(file, 'utf8');
    expect(await page.textContent('[data-testid="qgis-project-status"]')).toContain('QGIS 工程');

    const doc = new DOMParser().parseFromString(text, 'text/xml');
    const roads = Array.from(doc.getElementsByTagName('maplayer')).find((l) => l.getElementsByTagName('layername')[0].textContent === '道路')!;
    expect(roads.getElementsByTagName('renderer-v2')[0].getAttribute('attr')).toBe('road.width');
    const source = roads.getElementsByTagName('datasource')[0].textContent!;
    const token = decodeURIComponent(/access_token=([^']+)/.exec(source)![1]);
    // The token is the user's, listed with the name the page gave it, read-only.
    const listed = await page.evaluate(async () => (await (await fetch('/api/me/tokens')).json()) as { tokens: Array<{ name: string; scope: string; prefix: string }> });
    expect(listed.tokens.find((t) => token.startsWith(t.prefix))).toMatchObject({ scope: 'read', name: expect.stringMatching(/^QGIS 工程 /) });

    const directory = await mkdtemp(path.join(tmpdir(), 'cuntu-qgis-project-'));
    const project = path.join(directory, 'map.qgs');
    await run('cp', [file, project]);
    const { stdout } = await run('/usr/bin/python3', [path.join(HARNESS, 'qgis_check.py'), portal.url, 'viewer', DEMO_USERS.find((u) => u.username === 'viewer')!.password, token, project], {
      env: { ...process.env, QT_QPA_PLATFORM: 'offscreen', CUNTU_COLLECTIONS: '["roads"]' }, timeout: 300_000, maxBuffer: 16 * 1024 * 1024,
    });
    const opened = stdout.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { check: string; ok: boolean; layers?: Record<string, { valid: boolean; renderer: string }>; colours?: number }).find((c) => c.check === 'project')!;
    expect(opened.ok).toBe(true);
    expect(opened.layers!['道路']).toMatchObject({ valid: true, renderer: 'QgsCategorizedSymbolRenderer' });
    expect(opened.colours).toBeGreaterThan(20);
  }, 400_000);
});

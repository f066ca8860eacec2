import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { authHeaderFor, launchChromium, logInThroughPage, overlappingRuns, pdfText, screenshotVariety, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));

interface Summary {
  coverage: {
    villagesReadyToExit: number; pavedRoutePct: number | null; groupsReachedPct: number | null; dangerousHousesRemaining: number;
    relocationSites: number; relocationRedLineBreaches: number; peopleByWaterTier: Record<string, number>;
  };
}

/** What the dashboard shows, figure by figure (the numbers behind the cards). */
async function shownFigures(page: Page): Promise<Record<string, number>> {
  return page.$$eval('[data-testid="figures"] [data-figure]', (cards) => Object.fromEntries(cards.map((c) => [c.getAttribute('data-figure'), Number(c.getAttribute('data-value'))])));
}

function expectedFigures(s: Summary): Record<string, number> {
  const c = s.coverage;
  return {
    villagesReadyToExit: c.villagesReadyToExit, pavedRoutePct: c.pavedRoutePct ?? 0, groupsReachedPct: c.groupsReachedPct ?? 0,
    peopleSafe: c.peopleByWaterTier.safe, peopleBasicallySafe: c.peopleByWaterTier.basically_safe, peopleUnsafe: c.peopleByWaterTier.unsafe,
    dangerousHousesRemaining: c.dangerousHousesRemaining, relocationSites: c.relocationSites, relocationRedLineBreaches: c.relocationRedLineBreaches,
  };
}

/** A leader's dashboard, in Debian's Chromium: the county, a town, a village, and the PDF for the meeting. */
describe("a leader's dashboard", () => {
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;
  let summaryOf: (query: string) => Promise<Summary>;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    const request = (path: string, init?: RequestInit) => portal.request(path, init);
    const auth = await authHeaderFor(request, 'leader');
    summaryOf = async (query) => (await (await request(`/api/checks/summary?${query}`, { headers: auth })).json()) as Summary;
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 }, acceptDownloads: true })).newPage();
    await logInThroughPage(page, portal.url, 'leader');
    await page.waitForSelector('[data-testid="current-user"]');
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('opens on the county, with the same figures as the check summary API and a ranking of towns', async () => {
    await page.click('[data-nav="dashboard"]');
    await page.waitForSelector('[data-testid="dashboard"][data-state="ready"] [data-testid="figures"]', { timeout: 30_000 });
    const county = (await page.getAttribute('[data-testid="dashboard"]', 'data-area'))!;
    expect(await shownFigures(page)).toEqual(expectedFigures(await summaryOf(`county=${county}`)));
    expect(await page.locator('[data-testid="town-ranking"] tbody tr').count()).toBeGreaterThan(5);
    // Incidence over the years the villages' statistics give (the sample's: 2020).
    expect(await page.textContent('[data-testid="incidence-trend"] tr[data-year="2020"]')).toMatch(/\d+(\.\d+)?%/);
    // The verdicts as the workbook evaluators are handed.
    const results = await page.request.get(new URL((await page.getAttribute('[data-testid="dashboard-results"]', 'href'))!, portal.url).href);
    expect([results.status(), results.headers()['content-type']]).toEqual([200, 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet']);
    expect((await results.body()).subarray(0, 2).toString()).toBe('PK');
    await page.waitForSelector('canvas');
    const png = await page.screenshot({ path: `${SCREENSHOTS}dashboard-county.png`, fullPage: true });
    expect(screenshotVariety(png).colours).toBeGreaterThan(50);
  });

  it('prints every section of the county\'s dashboard on A4, over as many pages as it takes, no text over another', async () => {
    // Each town's row by its figures (names come out of Chromium's PDF partly as radicals, figures as they are).
    const towns = await page.$$eval('[data-testid="town-ranking"] tbody tr', (rows) => rows.map((r) => r.querySelectorAll('td')[2].textContent!.trim()));
    await page.emulateMedia({ media: 'print' });
    try {
      await page.setViewportSize({ width: 794, height: 1123 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: `${SCREENSHOTS}dashboard-print-a4.png`, fullPage: true });
      const printed = await page.pdf({ format: 'A4', printBackground: true });
      await writeFile(`${SCREENSHOTS}dashboard-print-a4.pdf`, printed);
      const { pages, text, runs } = await pdfText(new Uint8Array(printed));
      expect(pages).toBeGreaterThan(1);
      // The last section, the town ranking, is there to its last town.
      expect(towns.length).toBeGreaterThan(5);
      for (const figures of towns) expect(text).toContain(figures);
      expect(overlappingRuns(runs)).toEqual([]);
    } finally {
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1440, height: 1000 });
    }
  });

  it('drills into a town: its figures equal the API\'s for that town, and each links to the filtered map', async () => {
    const row = page.locator('[data-testid="town-ranking"] tbody tr').nth(2);
    const town = (await row.getAttribute('data-town'))!;
    const townName = (await row.locator('[data-drill]').textContent())!;
    await row.locator('[data-drill]').click();
    await page.waitForSelector(`[data-testid="dashboard"][data-area="${town}"] [data-testid="village-list"]`);
    const expected = expectedFigures(await summaryOf(`town=${town}`));
    await page.waitForFunction((want) => Number(document.querySelector('[data-figure="villagesReadyToExit"]')?.getAttribute('data-value')) === want, expected.villagesReadyToExit);
    expect(await shownFigures(page)).toEqual(expected);
    expect(await page.textContent('[data-testid="breadcrumb"]')).toContain(townName);
    const paved = (await page.getAttribute('[data-figure="pavedRoutePct"]', 'href'))!;
    expect(new URL(paved, portal.url).searchParams.get('f')).toBe(`${town}~village.paved_road~fail`);
    await page.screenshot({ path: `${SCREENSHOTS}dashboard-town.png`, fullPage: true });
  });

  it('exports the town\'s dashboard as a PDF with the snapshot header, in readable Chinese', async () => {
    const townName = (await page.locator('[data-testid="breadcrumb"] a').nth(1).textContent())!;
    // One click: the file downloads when it is ready (the link stays for another copy).
    const [download] = await Promise.all([page.waitForEvent('download', { timeout: 60_000 }), page.click('[data-testid="dashboard-export"]')]);
    await page.locator('[data-testid="dashboard-pdf"]').waitFor();
    const { text, runs } = await pdfText(new Uint8Array(await readFile((await download.path())!)));
    // Read back: no text printed over another (a village's failing rules wrap inside its row).
    expect(overlappingRuns(runs)).toEqual([]);
    for (const s of ['脱贫攻坚核查概览', townName, '达到退出标准的村', '通村硬化路覆盖', '饮水安全人口', 'C/D 级危房改造进度', `制图日期 ${new Date().toISOString().slice(0, 10)}`, 'national-2015 v1', '样例数据', '整改任务未销号']) {
      expect(text).toContain(s);
    }
  });

  it('drills into a village and sees its verdict sheet', async () => {
    await page.locator('[data-testid="village-list"] tbody tr a').first().click();
    await page.waitForSelector('[data-testid="village-sheet"] [data-rule="village.incidence"]');
    expect(await page.locator('[data-testid="village-sheet"] [data-rule]').count()).toBeGreaterThanOrEqual(10);
    expect(await page.locator('[data-testid="village-incidence-history"] tr[data-year="2020"]').count()).toBe(1);
  });
});

import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { distance } from '@turf/turf';
import { mapFrame, pngDpi } from '@cuntu/briefing';
import { authHeaderFor, launchChromium, logInThroughPage, pdfText, phonePhoto, screenshotVariety, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));

/** Opens the snapshot dialog, makes a snapshot — one click: the file downloads when it is ready — and returns it and what the dialog reports. */
async function snapshot(page: Page, options: { format: 'png' | 'pdf'; paper: 'A4' | 'A3'; orientation: 'portrait' | 'landscape'; dpi: number; title?: string }) {
  if (!(await page.isVisible('[data-testid="snapshot-dialog"]'))) await page.click('[data-testid="open-snapshot"]');
  await page.selectOption('select[name="snapshot-format"]', options.format);
  await page.selectOption('select[name="snapshot-paper"]', options.paper);
  await page.selectOption('select[name="snapshot-orientation"]', options.orientation);
  await page.fill('input[name="snapshot-dpi"]', String(options.dpi));
  await page.fill('input[name="snapshot-title"]', options.title ?? '');
  const downloaded = page.waitForEvent('download', { timeout: 120_000 });
  // What the dialog says while the map renders, noted in the page as it changes: asking afterwards could come too
  // late, when rendering at 300 dpi keeps the page busy past the step (null when the step was never shown).
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { snapshotProgress: string[] }).snapshotProgress = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="snapshot-progress"][data-step="1"]')?.textContent;
      if (text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
  });
  await page.click('[data-testid="snapshot-generate"]');
  const download = await downloaded;
  const progress = await page.evaluate(() => (window as unknown as { snapshotProgress: string[] }).snapshotProgress[0] ?? null);
  const link = page.locator('[data-testid="snapshot-download"]');
  const attr = async (name: string) => (await link.getAttribute(name))!;
  const bytes = await readFile((await download.path())!);
  return {
    bytes, name: download.suggestedFilename(), progress, width: Number(await attr('data-width')), height: Number(await attr('data-height')),
    bounds: (await attr('data-bounds')).split(',').map(Number), barM: Number(await attr('data-bar-m')), barMm: Number(await attr('data-bar-mm')),
  };
}

/** A leader takes the map into a meeting: PNG and PDF snapshots of the current view, in Debian's Chromium. */
describe('briefing snapshots of the map', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 }, acceptDownloads: true })).newPage();
    await logInThroughPage(page, portal.url, 'leader');
    await page.waitForSelector('[data-map-state="idle"]', { timeout: 45_000 });
    await page.selectOption('[data-colour-by="roads"]', 'road.width');
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('makes a 300-dpi PNG of the requested pixel size that is not blank, with a scale bar true to the map', async () => {
    const png = await snapshot(page, { format: 'png', paper: 'A4', orientation: 'portrait', dpi: 300 });
    await writeFile(`${SCREENSHOTS}snapshot-a4-300dpi.png`, png.bytes);
    // A4 at 300 dpi: 210 × 297 mm = 2480 × 3508 pixels, as the file itself says (IHDR).
    expect([png.width, png.height]).toEqual([2480, 3508]);
    expect([png.bytes.readUInt32BE(16), png.bytes.readUInt32BE(20)]).toEqual([2480, 3508]);
    // While it rendered, the dialog said which step of how many, and for how long.
    expect(png.progress).toMatch(/第 1\/2 步 · 正在渲染地图… · 已用 \d+ 秒/);
    // It says so (pHYs), so Word places it 210 mm wide rather than at 96 dpi.
    expect(pngDpi(new Uint8Array(png.bytes))).toBe(300);
    const { colours, dominantShare } = screenshotVariety(png.bytes);
    expect(colours).toBeGreaterThan(50);
    expect(dominantShare).toBeLessThan(0.9);
    // The bar says `barM` metres over `barMm` millimetres; the map it was drawn for spans `bounds` over the
    // frame's width. Measured independently (great-circle distance across the frame at its middle latitude).
    const [west, south, east, north] = png.bounds;
    const mid = (south + north) / 2;
    const frameMetres = distance([west, mid], [east, mid], { units: 'kilometers' }) * 1000;
    const trueMetresPerMm = frameMetres / mapFrame('A4', 'portrait').w;
    const statedMetresPerMm = png.barM / png.barMm;
    expect(Math.abs(statedMetresPerMm / trueMetresPerMm - 1)).toBeLessThan(0.05);
    await page.screenshot({ path: `${SCREENSHOTS}snapshot-dialog.png` });
  });

  it('makes an A3 PDF whose text has the title, each visible layer in the legend, the profile and the date, in readable Chinese', async () => {
    // What the map's legend counts for the roads, coloured by width: the page's legend and summary count the same.
    const legend = page.locator('[data-legend="roads"]');
    const [pass, fail, unknown] = await Promise.all(['pass', 'fail', 'unknown'].map(async (v) => Number(await legend.locator(`[data-verdict="${v}"] b`).textContent())));
    expect(pass).toBeGreaterThan(1000);
    const pdf = await snapshot(page, { format: 'pdf', paper: 'A3', orientation: 'landscape', dpi: 150, title: '奈曼旗道路宽度核查图' });
    expect(pdf.name).toMatch(/\.pdf$/);
    const { text, widthPt, heightPt } = await pdfText(new Uint8Array(pdf.bytes));
    expect(widthPt).toBeCloseTo((420 / 25.4) * 72, 0);
    expect(heightPt).toBeCloseTo((297 / 25.4) * 72, 0);
    await writeFile(`${SCREENSHOTS}snapshot-a3.pdf`, pdf.bytes);
    expect(text).toContain('奈曼旗道路宽度核查图');
    // Visible by default: roads (coloured by the width rule), villages, water sources, relocation sites; houses and groups are off.
    for (const s of ['道路（路面宽度）', '行政村', '水源与供水工程', '易地搬迁安置点', '达标', '不达标', 'national-2015 v1', `制图日期 ${new Date().toISOString().slice(0, 10)}`, '样例数据']) {
      expect(text).toContain(s);
    }
    expect(text.split('\n')).not.toContain('危房'); // no legend entry for the hidden houses layer
    expect(text).toContain(`达标 ${pass}`);
    expect(text).toContain(`不达标 ${fail}`);
    expect(text).toContain(`${pass} / ${fail} / ${unknown}`); // the summary's 路面宽度 row, roads without a village included
  });

  it('prints the photos of the selected water source on a page after the map, in the PDF only', async () => {
    // The water team has photographed a source: one near it, one taken 3 km away.
    const editor = await authHeaderFor(portal.request, 'editor-water');
    const sources = (await (await portal.request('/api/features/water_sources?limit=1', { headers: editor })).json()) as { features: Array<{ id: string | number; geometry: { coordinates: [number, number] } }> };
    const [source] = sources.features;
    const [lon, lat] = source.geometry.coordinates;
    const form = new FormData();
    form.append('file', new Blob([new Uint8Array(await phonePhoto([lon + 0.0003, lat]))]), '水源-取水口.jpg');
    form.append('file', new Blob([new Uint8Array(await phonePhoto([lon + 0.035, lat], { colour: '#58a' }))]), '水源-远处.jpg');
    expect((await portal.request(`/api/attachments?layer=water_sources&feature=${source.id}`, { method: 'POST', headers: editor, body: form })).status).toBe(201);

    // The leader opens the map with the source selected, and the snapshot dialog offers its photos.
    await page.goto(`${portal.url}/map?s=water_sources:${source.id}`);
    await page.waitForSelector('[data-map-state="idle"]', { timeout: 45_000 });
    await page.click('[data-testid="open-snapshot"]');
    const photos = page.locator('[data-testid="snapshot-photos"] input[data-photo]');
    await photos.first().waitFor({ timeout: 20_000 });
    expect(await photos.count()).toBe(2);
    await page.selectOption('select[name="snapshot-format"]', 'png');
    expect(await photos.first().isDisabled()).toBe(true);
    await page.selectOption('select[name="snapshot-format"]', 'pdf');
    await photos.nth(0).check();
    await photos.nth(1).check();
    await page.screenshot({ path: `${SCREENSHOTS}snapshot-photos-dialog.png` });
    const pdf = await snapshot(page, { format: 'pdf', paper: 'A4', orientation: 'portrait', dpi: 96, title: '水源核查' });
    await writeFile(`${SCREENSHOTS}snapshot-photos.pdf`, pdf.bytes);
    const { pages, runs } = await pdfText(new Uint8Array(pdf.bytes));
    expect(pages).toBe(2);
    const second = runs.filter((r) => r.page === 2).map((r) => r.text).join('');
    for (const words of ['的照片', '水源-取水口.jpg', '水源-远处.jpg', '拍摄时间', '超过 500 米', '水源核查']) expect(second).toContain(words);
  });
});

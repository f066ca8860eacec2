import { spawnSync } from 'node:child_process';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import proj4 from 'proj4';
import { unzipSync, zipSync } from 'fflate';
import { writeShapefileZip } from '@cuntu/geo-io';
import { countyWorkbook, houseLedger, launchChromium, logInThroughPage, placeFirstQueuedHouse, startPortal, statisticsLedger, type RunningPortal } from '@cuntu/testing';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));
const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const PASSWORD = 'Yidi-banqian-2026!';

/** The small county's villages: committee points inside 奈曼旗, under two towns from a code list. */
const VILLAGES = [
  { code: '150525100201', name: '东村', town: '150525100000', kind: '村', at: [120.62, 42.84] },
  { code: '150525100202', name: '西村', town: '150525100000', kind: '村', at: [120.58, 42.86] },
  { code: '150525200201', name: '北嘎查', town: '150525200000', kind: '嘎查', at: [120.70, 42.90] },
  { code: '150525200202', name: '南嘎查', town: '150525200000', kind: '嘎查', at: [120.72, 42.80] },
] as const;

/** CGCS2000 3-degree Gauss–Krüger zone 40 (central meridian 120°E), as a county surveying office delivers it. */
const GK_ZONE_40_PRJ = 'PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';
const toGaussKruger = (lonLat: readonly number[]) => proj4('EPSG:4326', '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs', [...lonLat]);

/**
 * The roads as the transport bureau keeps them: Gauss–Krüger metres, a GBK DBF without a .cpg, Chinese
 * headers and words. A provincial road passes 东村; a cement village road links 东村 to 西村; 北嘎查's is gravel.
 */
function roadsShapefile(): Uint8Array {
  const east = (v: (typeof VILLAGES)[number], d: number) => [v.at[0] + d, v.at[1]];
  const lines = [
    [east(VILLAGES[0], 0.08), VILLAGES[0].at],
    [VILLAGES[0].at, VILLAGES[1].at],
    [VILLAGES[2].at, east(VILLAGES[2], 0.05)],
  ].map((points) => ({ type: 'LineString' as const, coordinates: points.map(toGaussKruger) }));
  const files = unzipSync(writeShapefileZip('农村公路', lines, [
    { name: '路名', values: ['省道304', '东西村路', '北嘎查路'] },
    { name: '等级', values: ['省道', '通村路', '通村路'] },
    { name: '路面', values: ['沥青', '水泥', '砂石'] },
    { name: '宽度', values: [12, 4.5, 4.0] },
  ], 'gbk'));
  delete files['农村公路.cpg'];
  files['农村公路.prj'] = new TextEncoder().encode(GK_ZONE_40_PRJ);
  return zipSync(files);
}

/** Steps and the seconds each took, for the closing figures. */
const timings: Array<[string, number]> = [];
let clock = Date.now();
const lap = (step: string) => {
  const now = Date.now();
  timings.push([step, (now - clock) / 1000]);
  clock = now;
};

/**
 * A county moves in, in Debian's Chromium, from an empty deployment: the first administrator (made with
 * `create-admin` while the portal runs) lands on the set-up page and brings in the county, its towns from a
 * code list, villages and natural villages, the 2020 statistics ledger (merged two-row header, title and
 * total rows), a Gauss–Krüger roads Shapefile with a GBK DBF and Chinese headers, and a house ledger
 * without coordinates; places two houses from the queue; and ends on the map and the dashboard, where
 * poverty incidence is judged from the imported year.
 */
describe('a county moves in from an empty deployment', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;
  const importInWizard = async (file: { name: string; mimeType: string; buffer: Buffer }, created: number) => {
    await page.click('[data-testid="open-import"]');
    await page.setInputFiles('input[name="import-file"]', file);
    await page.waitForSelector('[data-testid="import-mapping"]');
    await page.click('[data-testid="import-dry-run"]');
    await page.waitForSelector('[data-testid="import-wizard"][data-clean="true"]', { timeout: 60_000 }).catch(async (e) => {
      throw new Error(`${e}\n${await page.textContent('[data-testid="import-wizard"]')}`);
    });
    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="import-done"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="import-done"]')).toContain(`新建 ${created}`);
  };
  const api = async <T>(path: string): Promise<T> => page.evaluate(async (p) => (await fetch(p)).json(), path) as Promise<T>;

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal({ fromTemplate: false, env: { CUNTU_SAMPLE_DATA: 'off' } }), launchChromium()]);
    page = await (await browser.newContext({ viewport: { width: 1440, height: 900 } })).newPage();
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
    console.log(`county move-in journey, seconds per step:\n${timings.map(([s, t]) => `  ${s.padEnd(40)} ${t.toFixed(1)}`).join('\n')}\n  total ${timings.reduce((s, [, t]) => s + t, 0).toFixed(1)}`);
  });

  it('moves the county in, places two houses, and judges it on the map and the dashboard', async () => {
    clock = Date.now();
    const made = spawnSync(process.execPath, ['--import', 'tsx', 'tools/accounts/src/create-admin.ts', '--username', 'clerk'], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', CUNTU_DATA_DIR: portal.dataDir, CUNTU_ADMIN_PASSWORD: PASSWORD },
    });
    expect(made.status, made.stderr).toBe(0);
    await logInThroughPage(page, portal.url, 'clerk', PASSWORD);
    // No county yet: the administrator lands on the set-up page.
    await page.waitForSelector('[data-testid="setup-page"] [data-step="county"][data-done="false"]');
    expect(page.url()).toContain('/setup');
    expect(await page.textContent('[data-testid="setup-intro"]')).toContain('还没有县的数据');
    await page.waitForSelector('[data-testid="setup-page"] [data-testid="readiness-panel"] li[data-item="counties"][data-lacking="true"]');
    await page.screenshot({ path: `${SCREENSHOTS}setup-empty.png`, fullPage: true });
    lap('first administrator, set-up page');

    await page.fill('input[name="county-code"]', '150525000000');
    await page.fill('input[name="county-name"]', '奈曼旗');
    await page.setInputFiles('input[name="county-boundary"]', { name: '奈曼旗.geojson', mimeType: 'application/geo+json', buffer: await readFile(`${ROOT}libs/sample-data/data/150525-naiman.geojson`) });
    await page.click('[data-testid="county-form"] button[type="submit"]');
    await page.waitForSelector('[data-step="county"][data-done="true"]', { timeout: 30_000 });
    await page.waitForSelector('[data-testid="readiness-panel"] li[data-item="counties"][data-lacking="false"]');

    const towns = countyWorkbook([{ name: '乡镇代码表', rows: [['奈曼旗乡镇（苏木）代码表'], ['乡镇代码', '乡镇名称'], ['150525100000', '大沁他拉镇'], ['150525200000', '白音他拉苏木'], ['合计', '2 个']], merges: [[0, 0, 0, 1]] }]);
    await page.setInputFiles('input[name="towns-file"]', { name: '乡镇代码表.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(towns) });
    await page.waitForSelector('[data-testid="towns-report"]:has-text("将新建 2")');
    await page.click('[data-testid="towns-commit"]');
    await page.waitForSelector('[data-step="towns"][data-done="true"]');
    lap('county and towns (code list)');

    // Villages and natural villages, in 行政区划, from the offices' spreadsheets.
    await page.click('[data-link="regions"]');
    await page.waitForSelector('[data-testid="regions-panel"]');
    await page.click('[data-testid="regions-panel"] [data-tab="villages"]');
    await page.waitForSelector('[data-layer-workspace="villages"] [data-testid="team-map"][data-map-state="idle"]', { timeout: 45_000 });
    const villages = countyWorkbook([{ name: '行政村', rows: [['村代码', '村名', '乡镇代码', '类型', '经度', '纬度'], ...VILLAGES.map((v) => [v.code, v.name, v.town, v.kind, v.at[0], v.at[1]])] }]);
    await importInWizard({ name: '行政村名录.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(villages) }, 4);
    await page.click('[data-testid="regions-panel"] [data-tab="groups"]');
    await page.waitForSelector('[data-layer-workspace="groups"] [data-testid="team-map"][data-map-state="idle"]', { timeout: 45_000 });
    const groups = countyWorkbook([{ name: '自然村', rows: [
      ['自然村代码', '自然村名称', '行政村代码', '户数', '人口', '经度', '纬度'],
      ...VILLAGES.map((v) => [`${v.code}001`, `${v.name}一组`, v.code, 40, 120, v.at[0] + 0.004, v.at[1] + 0.003]),
    ] }]);
    await importInWizard({ name: '自然村名录.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(groups) }, 4);
    await page.screenshot({ path: `${SCREENSHOTS}setup-regions.png` });
    lap('villages and natural villages');

    // The exit year: the checks judge 2020 (set on the set-up page), then the 2020 statistics ledger comes in.
    await page.goto(`${portal.url}/setup`);
    await page.waitForSelector('[data-step="statistics"] [data-testid="as-of-form"]');
    await page.fill('input[name="checks-as-of"]', '2020-12-31');
    await page.click('[data-testid="as-of-form"] button[type="submit"]');
    await page.waitForSelector('[data-step="statistics"] .note:has-text("2020 年")');
    await page.click('[data-link="statistics"]');
    await page.waitForSelector('[data-testid="statistics-table"] tr[data-village]');
    const ledger = statisticsLedger([
      { code: VILLAGES[0].code, name: '东村', town: '大沁他拉镇', figures: [300, 900, 40, 110, 0, 0] },
      { code: VILLAGES[1].code, name: '西村', town: '大沁他拉镇', figures: ['200', '600', '30', '80', '5', '20'] },
      { code: VILLAGES[2].code, name: '北嘎查', town: '白音他拉苏木', figures: [150, 450, 20, 60, 2, 5] },
    ]);
    await page.setInputFiles('input[name="statistics-ledger"]', { name: '2020年村级统计台账.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(ledger) });
    await page.waitForSelector('[data-testid="statistics-report"]');
    await page.click('[data-testid="statistics-commit"]');
    await page.waitForSelector('[data-testid="statistics-panel"] .admin-ok:has-text("已导入 3 个")', { timeout: 60_000 });
    lap('as-of date and statistics ledger');

    // The roads team's Shapefile, in the infrastructure workspace.
    await page.click('[data-nav="infrastructure"]');
    await page.waitForSelector('[data-layer-workspace="roads"] [data-testid="team-map"][data-map-state="idle"]', { timeout: 45_000 });
    await importInWizard({ name: '农村公路.zip', mimeType: 'application/zip', buffer: Buffer.from(roadsShapefile()) }, 3);
    const roads = await api<{ features: Array<{ geometry: { coordinates: number[][] }; properties: Record<string, unknown> }> }>('/api/features/roads?limit=10');
    const cement = roads.features.find((r) => r.properties.name === '东西村路')!;
    expect(cement.properties).toMatchObject({ surface: 'cement_concrete', widthM: 4.5, roadClass: 'village' });
    // Back from Gauss–Krüger metres to within a metre of where the road starts.
    expect(Math.abs(cement.geometry.coordinates[0][0] - VILLAGES[0].at[0])).toBeLessThan(1e-5);
    lap('roads Shapefile (Gauss–Krüger, GBK)');

    // The housing office's ledger, without coordinates: placed by village and group, then dragged from the queue.
    await page.click('[data-nav="housing"]');
    await page.waitForSelector('[data-layer-workspace="houses"] [data-testid="team-map"][data-map-state="idle"]', { timeout: 45_000 });
    await importInWizard({ name: '危房台账.xlsx', mimeType: XLSX_TYPE, buffer: Buffer.from(houseLedger([
      { village: '东村', group: '1组', head: '周某', rating: 'C级', path: '修缮加固', id: 'MOVE-IN-1' },
      { village: '西村 村委会', head: '吴某', rating: 'D级', path: '拆除重建', id: 'MOVE-IN-2' },
    ])) }, 2);
    await page.locator('[data-testid="houses-to-place"]').waitFor();
    for (const remaining of [1, 0]) {
      const id = await placeFirstQueuedHouse(page, async (house) => (await api<{ geometry: { coordinates: [number, number] } }>(`/api/features/houses/${house}`)).geometry.coordinates);
      const after = await api<{ properties: { locationApproximate: boolean } }>(`/api/features/houses/${id}`);
      expect(after.properties.locationApproximate).toBe(false);
      if (remaining) await page.waitForFunction((n) => document.querySelectorAll('[data-testid="houses-to-place"] li[data-to-place]').length === n, remaining);
      else await page.waitForSelector('[data-testid="houses-to-place"]', { state: 'detached' });
    }
    lap('house ledger and two houses placed');

    // The county on the planner's map, and the dashboard with incidence judged from the 2020 ledger.
    await page.click('[data-nav="map"]');
    await page.waitForSelector('[data-testid="county-map"][data-map-state="idle"]', { timeout: 45_000 });
    await page.screenshot({ path: `${SCREENSHOTS}setup-county-map.png` });
    const sheet = await api<{ verdicts: Array<{ ruleId: string; verdict: string; measured: unknown }> }>(`/api/checks/villages/${VILLAGES[1].code}`);
    expect(sheet.verdicts.find((v) => v.ruleId === 'village.incidence')).toMatchObject({ verdict: 'fail' });
    const east = await api<{ verdicts: Array<{ ruleId: string; verdict: string }> }>(`/api/checks/villages/${VILLAGES[0].code}`);
    expect(east.verdicts.find((v) => v.ruleId === 'village.incidence')?.verdict).toBe('pass');
    expect(east.verdicts.find((v) => v.ruleId === 'village.paved_road')?.verdict).toBe('pass');
    const north = await api<{ verdicts: Array<{ ruleId: string; verdict: string }> }>(`/api/checks/villages/${VILLAGES[2].code}`);
    expect(north.verdicts.find((v) => v.ruleId === 'village.paved_road')?.verdict).toBe('fail');
    const south = await api<{ verdicts: Array<{ ruleId: string; verdict: string }> }>(`/api/checks/villages/${VILLAGES[3].code}`);
    expect(south.verdicts.find((v) => v.ruleId === 'village.incidence')?.verdict).toBe('unknown');
    await page.click('[data-nav="dashboard"]');
    await page.waitForSelector('[data-testid="dashboard"][data-state="ready"] [data-testid="figures"]', { timeout: 30_000 });
    expect(await page.textContent('[data-testid="incidence-trend"] tr[data-year="2020"]')).toMatch(/1\.(28|3)\d*%/);
    await page.screenshot({ path: `${SCREENSHOTS}setup-dashboard.png`, fullPage: true });
    lap('map and dashboard');
  }, 600_000);
});

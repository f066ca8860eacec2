import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, logInThroughPage, screenshotVariety, startPortal, statisticsLedger, type RunningPortal } from '@cuntu/testing';

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
    // Nothing is judged before the administrator has read what will change and confirmed it.
    const confirm = admin.locator('[data-testid="activation-confirm"]');
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/重新核查全部 1 个县（现有约 \d+ 条核查结论）/);
    expect(await confirm.locator('[data-path="village.incidenceMaxPct"]').textContent()).toMatch(/2.*→.*3/);
    expect(await admin.$('[data-testid="job-progress"]')).toBeNull();
    await shot(admin, 'profile-activation-confirm');
    await admin.click('[data-testid="activation-confirmed"]');
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

  it('fills a town\'s statistics beside their verdicts: a contradiction is refused at the field, a change re-judges, a ledger imports after a dry run', async () => {
    await admin.click('[data-nav="admin"]');
    // First, what is in and what the checks lack.
    await admin.click('[data-tab="readiness"]');
    await admin.waitForSelector('[data-testid="readiness-panel"] li[data-item="villagesWithoutStatistics"]');
    expect(await admin.textContent('[data-testid="readiness-panel"] li[data-item="villages"]')).toMatch(/行政村（嘎查）\d+ 个/);
    expect(await admin.textContent('[data-testid="readiness-panel"] li[data-item="villagesWithoutStatistics"]')).toMatch(/个行政村没有 2020 年的统计/);
    await shot(admin, 'readiness');
    await admin.click('[data-tab="statistics"]');
    await admin.waitForSelector('[data-testid="statistics-table"] tr[data-village]');
    expect(await admin.textContent('[data-testid="statistics-panel"] .note')).toContain('2020');
    const row = admin.locator('[data-testid="statistics-table"] tr[data-village]').first();
    const code = await row.getAttribute('data-village');
    const figure = (name: string) => row.locator(`input[name="${name}"]`);
    const registered = Number(await figure('registeredPoorPeople').inputValue());
    const population = Number(await figure('population').inputValue());

    // More people not lifted than registered poor: refused, said at the field.
    await figure('notLiftedPeople').fill(String(registered + 1));
    await row.locator('[data-testid="statistics-save"]').click();
    await row.locator('td.invalid .admin-error').waitFor();
    expect(await row.locator('td.invalid .admin-error').textContent()).toContain('不能多于「建档立卡贫困人口」');

    // Half the registered poor not lifted: well above any incidence limit, so the verdict turns to fail.
    const notLifted = Math.min(registered, Math.ceil(population * 0.1));
    await figure('notLiftedPeople').fill(String(notLifted));
    await row.locator('[data-testid="statistics-save"]').click();
    await admin.waitForSelector('[data-testid="statistics-panel"] .admin-ok');
    await admin.locator(`tr[data-village="${code}"] .verdict--fail`).waitFor();
    await shot(admin, 'statistics-table');

    // The county's ledger: last year's empty form first, a two-row header, a total row — and one village named loosely.
    const names = await admin.locator('[data-testid="statistics-table"] tr[data-village]').evaluateAll((rows) => rows.slice(1, 3).map((r) => ({
      code: r.getAttribute('data-village')!, name: r.querySelector('td')!.childNodes[0].textContent!.trim(),
    })));
    const ledger = statisticsLedger([
      { code: names[0].code, name: names[0].name, figures: [300, '1,000', 60, 200, 0, 0] },
      { name: `${names[1].name.replace(/(村|嘎查)$/, '')} 村委会`, figures: [200, 700, 40, 150, 2, 5] },
    ]);
    await admin.setInputFiles('input[name="statistics-ledger"]', { name: '2020年村级统计台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(ledger) });
    await admin.waitForSelector('[data-testid="statistics-report"]');
    expect(await admin.inputValue('select[name="statistics-sheet"]')).toBe('2020年');
    const report = await admin.textContent('[data-testid="statistics-report"]');
    expect(report).toContain('共 2 行：2 行无误，0 行有误');
    expect(report).toContain('建档立卡贫困户 户数');
    expect(report).toContain('合计');
    await shot(admin, 'statistics-dry-run');
    await admin.click('[data-testid="statistics-commit"]');
    await admin.waitForSelector('[data-testid="statistics-panel"] .admin-ok:has-text("已导入 2 个")');
    expect(await admin.inputValue(`tr[data-village="${names[0].code}"] input[name="population"]`)).toBe('1000');
    expect(await admin.inputValue(`tr[data-village="${names[1].code}"] input[name="notLiftedPeople"]`)).toBe('5');
  });

  it('brings a new town in from a boundary file in settings: a dry run, then written', async () => {
    await admin.click('[data-tab="settings"]');
    const [x, y] = [120.6553, 42.8466];
    const towns = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: { 乡镇代码: '150525300000', 乡镇名称: '新设镇' }, geometry: { type: 'Polygon', coordinates: [[[x - 0.02, y - 0.02], [x + 0.02, y - 0.02], [x + 0.02, y + 0.02], [x - 0.02, y + 0.02], [x - 0.02, y - 0.02]]] } }] };
    await admin.setInputFiles('input[name="towns-file"]', { name: '乡镇界.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(towns)) });
    await admin.waitForSelector('[data-testid="towns-report"]');
    expect(await admin.textContent('[data-testid="towns-report"]')).toContain('将新建 1');
    await admin.click('[data-testid="towns-commit"]');
    await admin.waitForSelector('[data-testid="towns-report"]:has-text("已写入：新建 1")');
    await shot(admin, 'towns-import');
  });

  it('asks before a change of check distances re-judges the county, and does nothing when cancelled', async () => {
    await admin.click('[data-tab="settings"]');
    const reach = admin.locator('[data-testid="distances-form"] input[name="reachM"]');
    const was = await reach.inputValue();
    await reach.fill(String(Number(was) + 10));
    await admin.click('[data-testid="distances-form"] button[type="submit"]');
    const confirm = admin.locator('[data-testid="distances-confirm"]');
    await confirm.waitFor();
    expect(await confirm.textContent()).toMatch(/重新核查全部 1 个县/);
    expect(await confirm.locator('[data-distance="reachM"]').textContent()).toContain(`${was} → ${Number(was) + 10}`);
    await admin.click('[data-testid="distances-cancel"]');
    expect(await admin.$('[data-testid="distances-confirm"]')).toBeNull();
    expect(await admin.$('[data-testid="settings-panel"] [data-testid="job-progress"]')).toBeNull();
  });
});

import { mkdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { authHeaderFor, importWithOneCorrection, launchChromium, logInThroughPage, mapPixel, screenshotVariety, startPortal, waterSourceLedger, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));
type Source = { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> & { id: number; name: string } };
type Group = { geometry: { coordinates: [number, number] }; properties: { code: string; name: string } };
const WATER_RULES = ['water.quality', 'water.quantity', 'water.access', 'water.reliability'];
const MAP = '[data-testid="team-map"]';

/** The water team at work in its micro-app, in Debian's Chromium. */
describe('the water workspace', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let page: Page;
  let admin: Record<string, string>;
  let sources: Source[];
  /** A source meeting every drinking-water rule: the groups it is given to serve become safe or basically safe. */
  const servingSource = { properties: { id: 0 } } as Source;
  const api = (path: string, init?: RequestInit) => portal.request(path, init);

  beforeAll(async () => {
    await mkdir(SCREENSHOTS, { recursive: true });
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    admin = await authHeaderFor(api, 'admin');
    sources = ((await (await api('/api/checks/layers/water_sources', { headers: admin })).json()) as { features: Source[] }).features;
    Object.assign(servingSource, sources.find((s) => WATER_RULES.every((r) => s.properties[r] === 'pass')));
    page = await (await browser.newContext({ viewport: { width: 1440, height: 1000 } })).newPage();
    await logInThroughPage(page, portal.url, 'editor-water');
    await page.waitForSelector('[data-testid="current-user"]');
    await page.goto(`${portal.url}/water`);
    await page.waitForSelector('[data-testid="team-map"][data-map-state="idle"]', { timeout: 45_000 });
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  const openEditor = async (id: number) => {
    await page.click(`[data-feature="${id}"]`);
    await page.click('[data-testid="edit-feature"]');
    await page.waitForSelector('[data-testid="feature-form"]');
  };

  it('edits a source: its reliability drops below the standard and its verdict turns to fail on the map and list', async () => {
    const target = sources.find((s) => s.properties['water.reliability'] === 'pass')!;
    await page.selectOption('[data-testid="colour-by"]', 'water.reliability');
    expect(await page.getAttribute(`[data-feature="${target.properties.id}"]`, 'data-verdict')).toBe('pass');
    const reads = Number(await page.getAttribute('[data-testid="water-coverage"]', 'data-reads'));
    await openEditor(target.properties.id);
    await page.fill('[data-field="reliabilityPct"] input', '60');
    await page.click('[data-testid="feature-save"]');
    await page.waitForSelector('[data-testid="save-message"]');
    await page.waitForSelector(`[data-feature="${target.properties.id}"][data-verdict="fail"]`);
    // The team's totals (groups and people by tier) are read again after the save, without a reload.
    await page.waitForFunction((n) => Number(document.querySelector('[data-testid="water-coverage"]')?.getAttribute('data-reads')) > n, reads);
    expect(await page.getAttribute('[data-rule="water.reliability"]', 'data-verdict')).toBe('fail');
    const png = await page.screenshot({ path: `${SCREENSHOTS}water-edited.png` });
    expect(screenshotVariety(png).colours).toBeGreaterThan(50);
  });

  it('shows the conflict when someone else saved first, and re-applies the edit on top', async () => {
    const target = sources[5];
    await openEditor(target.properties.id);
    // Meanwhile an administrator changes the same source.
    const current = await api(`/api/features/water_sources/${target.properties.id}`, { headers: admin });
    const changed = await api(`/api/features/water_sources/${target.properties.id}`, {
      method: 'PATCH', headers: { ...admin, 'content-type': 'application/json', 'if-match': current.headers.get('etag')! }, body: JSON.stringify({ properties: { fetchMinutes: 33 } }),
    });
    expect(changed.status).toBe(200);
    await page.fill('[data-field="name"] input', `${target.properties.name}（已核实）`);
    await page.click('[data-testid="feature-save"]');
    const conflict = page.locator('[data-testid="edit-conflict"]');
    await conflict.waitFor();
    expect(await conflict.locator('[data-field="fetchMinutes"]').textContent()).toContain('33');
    await page.screenshot({ path: `${SCREENSHOTS}water-conflict.png` });
    await page.click('[data-testid="conflict-reapply"]');
    await page.waitForSelector('[data-testid="save-message"]');
    const stored = (await (await api(`/api/features/water_sources/${target.properties.id}`, { headers: admin })).json()) as Source;
    expect(stored.properties).toMatchObject({ name: `${target.properties.name}（已核实）`, fetchMinutes: 33 });
  });

  it('refuses an invalid edit with its reason: out of range in the form, outside the county from the server', async () => {
    await openEditor(sources[7].properties.id);
    await page.fill('[data-field="reliabilityPct"] input', '140');
    await page.waitForSelector('[data-field="reliabilityPct"] [role="alert"]');
    expect(await page.isDisabled('[data-testid="feature-save"]')).toBe(true);
    await page.click('[data-testid="feature-form"] button[type="button"]');

    // A new source placed in the map's corner, far outside the county: the server says where it is.
    await page.click('[data-testid="new-feature"]');
    const box = (await page.locator('[data-testid="team-map"]').boundingBox())!;
    await page.mouse.click(box.x + 12, box.y + 12);
    await page.fill('[data-field="name"] input', '界外试验井');
    await page.selectOption('[data-field="kind"] select', 'well');
    await page.click('[data-testid="feature-save"]');
    const refusal = page.locator('[data-testid="form-refusal"]');
    await refusal.waitFor();
    expect(await refusal.textContent()).toMatch(/县界外|outside the county/);
    await page.click('[data-testid="feature-form"] button[type="button"]');
  });

  it('draws a new source inside the county and saves it with its verdicts', async () => {
    await page.click('[data-testid="new-feature"]');
    // A new form says nothing is wrong before anything is typed; a field says what it needs once touched or saved.
    await page.waitForSelector('[data-testid="feature-form"]');
    expect(await page.locator('[data-testid="feature-form"] .field-error').count()).toBe(0);
    await page.fill('[data-field="reliabilityPct"] input', '140');
    expect(await page.textContent('[data-field="reliabilityPct"] .field-error')).toBe('不得大于 100');
    expect(await page.locator('[data-field="name"] .field-error').count()).toBe(0);
    await page.fill('[data-field="reliabilityPct"] input', '');
    await page.click('[data-testid="feature-save"]');
    expect(await page.textContent('[data-field="name"] .field-error')).toBe('必填');
    expect(await page.textContent('[data-field="kind"] .field-error')).toBe('必填');
    const box = (await page.locator('[data-testid="team-map"]').boundingBox())!;
    await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
    await page.fill('[data-field="name"] input', '新建试验水源');
    await page.selectOption('[data-field="kind"] select', 'well');
    await page.fill('[data-field="reliabilityPct"] input', '97');
    await page.click('[data-testid="feature-save"]');
    await page.waitForSelector('[data-testid="save-message"]');
    await page.waitForSelector('[data-testid="selected-name"]:has-text("新建试验水源")');
    expect(await page.getAttribute('[data-rule="water.reliability"]', 'data-verdict')).toBe('pass');
  });

  const tierOf = async (code: string) => {
    const sheet = (await (await api(`/api/checks/subjects/village/${code.slice(0, 12)}`, { headers: admin })).json()) as { verdicts: Array<{ ruleId: string; measured: Record<string, string> }> };
    return sheet.verdicts.find((v) => v.ruleId === 'village.water')!.measured[code];
  };
  const selectSource = async (source: Source) => {
    await page.fill('input[name="feature-search"]', source.properties.name);
    await page.click(`[data-feature="${source.properties.id}"]`);
    await page.waitForSelector(`[data-testid="selected-name"]:has-text("${source.properties.name}")`);
    await page.fill('input[name="feature-search"]', '');
  };

  it('records a failing quality test with its lab report: the source\'s quality verdict turns to fail, the report one click away', async () => {
    // Not the source that serves groups in the next journeys (a failing test makes it unsafe).
    const target = sources.filter((s) => s.properties['water.quality'] === 'pass' && s.properties.id !== sources[5].properties.id).at(-1)!;
    expect(target.properties.id).not.toBe(servingSource.properties.id);
    await selectSource(target);
    await page.waitForSelector(`[data-testid="water-tests"][data-loaded="true"][data-source="${target.properties.id}"]`);
    const before = await page.locator('[data-testid="water-tests"] tbody tr').count();
    await page.click('[data-testid="add-water-test"]');
    await page.fill('[data-testid="water-test-form"] input[name="sampledOn"]', '2999-01-01');
    await page.waitForSelector('[data-testid="water-test-form"] [role="alert"]');
    expect(await page.isDisabled('[data-testid="save-water-test"]')).toBe(true);
    // A date after the one the county is judged as of is allowed, and the form says the checks will not read it.
    await page.fill('[data-testid="water-test-form"] input[name="sampledOn"]', '2021-03-01');
    expect(await page.textContent('[data-testid="after-as-of"]')).toContain('2020-10-31');
    // Taken on the date the sample county is judged as of: a later test is no evidence for that date.
    await page.fill('[data-testid="water-test-form"] input[name="sampledOn"]', '2020-10-31');
    expect(await page.$('[data-testid="after-as-of"]')).toBeNull();
    await page.selectOption('[data-testid="water-test-form"] select[name="meetsGb5749"]', { label: '否' });
    await page.fill('[data-testid="water-test-form"] input[name="lab"]', '县疾控中心');
    await page.setInputFiles('[data-testid="water-test-form"] input[name="lab-report"]', {
      name: '2020年水质检测报告.pdf', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'),
    });
    await page.click('[data-testid="save-water-test"]');
    await page.waitForSelector('[data-testid="water-test-message"]');
    await page.waitForSelector('[data-rule="water.quality"][data-verdict="fail"]');
    expect(await page.locator('[data-testid="water-tests"] tbody tr').count()).toBe(before + 1);
    expect(await page.textContent('[data-testid="water-tests"] tbody tr.latest')).toContain('县疾控中心');
    // The report is among the source's files, marked 检测报告, and the test links to it.
    const link = page.locator('[data-testid="water-tests"] tbody tr.latest [data-testid="lab-report"] a');
    await link.waitFor();
    expect(await link.getAttribute('title')).toBe('2020年水质检测报告.pdf');
    expect(await page.textContent('[data-testid="attachments-panel"]')).toMatch(/2020年水质检测报告\.pdf[\s\S]*检测报告/);
  });

  it('assigns groups to a source on the map, by a click and by a lasso: they take the source\'s tier', async () => {
    const groups = ((await (await api('/api/features/groups?limit=10000', { headers: admin })).json()) as { features: Group[] }).features;
    const source = servingSource;
    await selectSource(source);
    await page.waitForSelector('[data-testid="served-groups"]');
    const countyView = await page.getAttribute(MAP, 'data-view');
    await page.click('[data-testid="pick-groups"]');
    await page.waitForSelector('[data-testid="served-groups"][data-picking="true"]');
    // The map goes to the source's neighbourhood.
    await page.waitForFunction(([selector, before]) => document.querySelector(selector)?.getAttribute('data-view') !== before, [MAP, countyView] as const);

    // Groups drawn well apart from any other, so a click or a small lasso takes exactly one; not served yet (unsafe).
    const box = (await page.locator(MAP).boundingBox())!;
    const placed = await Promise.all(groups.map(async (g) => ({ g, at: await mapPixel(page, MAP, g.geometry.coordinates) })));
    const onMap = placed.filter(({ at }) => at.x > box.x + 60 && at.x < box.x + box.width - 60 && at.y > box.y + 60 && at.y < box.y + box.height - 60);
    const isolated = onMap.filter(({ g, at }) => onMap.every((o) => o.g === g || Math.hypot(o.at.x - at.x, o.at.y - at.y) > 24));
    const served = await page.locator('[data-testid="served-groups"] [data-group]').evaluateAll((els) => els.map((e) => e.getAttribute('data-group')));
    const tiers = new Map<string, string>();
    for (const { g } of isolated) tiers.set(g.properties.code, await tierOf(g.properties.code));
    // Unserved groups first: their tier must change.
    const picks = isolated.filter(({ g }) => !served.includes(g.properties.code)).sort((a, b) => Number(tiers.get(b.g.properties.code) === 'unsafe') - Number(tiers.get(a.g.properties.code) === 'unsafe')).slice(0, 2);
    expect(picks).toHaveLength(2);
    const [clicked, lassoed] = picks;

    await page.mouse.click(clicked.at.x, clicked.at.y);
    await page.waitForSelector(`[data-testid="served-groups"] [data-group="${clicked.g.properties.code}"]`);

    await page.click('[data-testid="lasso-groups"]');
    const r = 14;
    const { x, y } = lassoed.at;
    for (const [dx, dy] of [[-r, -r], [r, -r], [r, r], [-r, r], [-r, -r]]) await page.mouse.click(x + dx, y + dy);
    await page.waitForSelector(`[data-testid="served-groups"] [data-group="${lassoed.g.properties.code}"]`);
    await page.screenshot({ path: `${SCREENSHOTS}water-served-groups.png` });

    await page.click('[data-testid="save-groups"]');
    await page.waitForSelector('[data-testid="served-groups-message"]');
    const saved = ((await (await api(`/api/water/sources/${source.properties.id}/groups`, { headers: admin })).json()) as { groups: Array<{ code: string }> }).groups.map((g) => g.code);
    expect(saved).toEqual(expect.arrayContaining([clicked.g.properties.code, lassoed.g.properties.code]));
    for (const pick of picks) expect(['safe', 'basically_safe']).toContain(await tierOf(pick.g.properties.code));
  });

  it('draws a service area around an unserved group: the group is served by the source', async () => {
    // The source of the previous journey is still selected, the map at its neighbourhood.
    const groups = ((await (await api('/api/features/groups?limit=10000', { headers: admin })).json()) as { features: Group[] }).features;
    const box = (await page.locator(MAP).boundingBox())!;
    const inView = async <T extends { geometry: { coordinates: [number, number] } }>(items: T[]) => (await Promise.all(items.map(async (item) => ({ item, at: await mapPixel(page, MAP, item.geometry.coordinates) }))))
      .filter(({ at }) => at.x > box.x + 60 && at.x < box.x + box.width - 60 && at.y > box.y + 60 && at.y < box.y + box.height - 60);
    // Corners farther apart than Terra Draw's closing distance (40 px), none of them on a source.
    const r = 30;
    type Placed = Awaited<ReturnType<typeof inView<Group>>>[number];
    let target: Placed | undefined;
    // The neighbourhood the map shows depends on its size: widen it until an unserved group is in view.
    for (let attempt = 0; attempt < 4 && !target; attempt++) {
      if (attempt) {
        await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
        await page.mouse.wheel(0, 300);
        await page.waitForTimeout(700);
      }
      const placedSources = await inView(sources);
      const clear = (x: number, y: number) => placedSources.every(({ at }) => Math.hypot(at.x - x, at.y - y) > 12);
      for (const candidate of await inView(groups)) {
        const { x, y } = candidate.at;
        const corners = [[-r, -r], [r, -r], [r, r], [-r, r]].every(([dx, dy]) => clear(x + dx, y + dy));
        if (corners && (await tierOf(candidate.item.properties.code)) === 'unsafe') {
          target = candidate;
          break;
        }
      }
    }
    expect(target, 'an unserved group in view').toBeDefined();
    await page.click('[data-testid="draw-service-area"]');
    const { x, y } = target!.at;
    for (const [dx, dy] of [[-r, -r], [r, -r], [r, r], [-r, r], [-r, -r]]) await page.mouse.click(x + dx, y + dy);
    await page.click('[data-testid="save-service-area"]');
    await page.waitForSelector('[data-testid="service-area"][data-defined="true"] [data-testid="service-area-message"]');
    await page.screenshot({ path: `${SCREENSHOTS}water-service-area.png` });
    expect(['safe', 'basically_safe']).toContain(await tierOf(target!.item.properties.code));
  });

  it('says so when someone else changed the served groups first, and loads theirs to choose again', async () => {
    // The source of the previous journeys is still selected; it serves the groups picked above.
    const path = `/api/water/sources/${servingSource.properties.id}/groups`;
    const loaded = await api(path, { headers: admin });
    const codes = ((await loaded.json()) as { groups: Array<{ code: string }> }).groups.map((g) => g.code);
    expect(codes.length).toBeGreaterThanOrEqual(2);
    await page.click('[data-testid="pick-groups"]');
    await page.waitForSelector('[data-testid="served-groups"][data-picking="true"]');
    await page.click(`[data-testid="served-groups"] [data-group="${codes[0]}"] button`);

    // Meanwhile someone else drops the last group.
    const theirs = codes.slice(0, -1);
    const put = await api(path, { method: 'PUT', headers: { ...admin, 'content-type': 'application/json', 'if-match': loaded.headers.get('etag')! }, body: JSON.stringify({ groupCodes: theirs }) });
    expect(put.status).toBe(200);

    await page.click('[data-testid="save-groups"]');
    expect(await page.locator('[data-testid="served-groups-problem"]').textContent()).toContain('已载入最新范围');
    // The panel now shows their choice, to choose again from.
    await page.waitForFunction((expected) => {
      const shown = [...document.querySelectorAll('[data-testid="served-groups"] [data-group]')].map((e) => e.getAttribute('data-group'));
      return JSON.stringify(shown.sort()) === JSON.stringify(expected);
    }, [...theirs].sort());
    await page.click('[data-testid="served-groups"] button.secondary');
  });

  it('imports a CSV: the dry run lists the bad row, the corrected file is committed with progress', async () => {
    const [lon, lat] = sources[3].geometry.coordinates;
    const csv = (reliability: number) => `名称,类型,经度,纬度,供水保证率\n导入试验井甲,well,${lon + 0.002},${lat},${reliability}\n导入试验井乙,well,${lon},${lat + 0.002},96\n`;
    const done = await importWithOneCorrection(page, { name: 'wells.csv', mimeType: 'text/csv', bad: csv(150), fixed: csv(95) }, { row: 1, field: 'reliabilityPct' }, {
      mapped: async () => {
        // Chinese headers are recognised by the properties' labels.
        expect(await page.inputValue('[data-property="name"] select')).toBe('名称');
        expect(await page.inputValue('[data-property="kind"] select')).toBe('类型');
        expect(await page.inputValue('[data-property="reliabilityPct"] select')).toBe('供水保证率');
      },
      reported: () => page.screenshot({ path: `${SCREENSHOTS}water-import-report.png` }),
    });
    expect(done).toContain('新建 2');
    await page.fill('input[name="feature-search"]', '导入试验井');
    await page.waitForFunction(() => document.querySelectorAll('[data-feature]').length === 2);
  });

  it('imports a county\'s .xls ledger: finds its sheet, skips its title and total rows, gives every row the kind the file lacks', async () => {
    const [lon, lat] = sources[3].geometry.coordinates;
    const ledger = waterSourceLedger([[lon + 0.004, lat], [lon, lat + 0.004]], { kindColumn: false, bookType: 'biff8', idPrefix: 'E2E' });
    if (!(await page.isVisible('[data-testid="import-wizard"]'))) await page.click('[data-testid="open-import"]');
    await page.setInputFiles('input[name="import-file"]', { name: '机井台账.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from(ledger) });
    // The first sheet holds the filling instructions: the wizard reads the sheet with the table, and offers the others.
    await page.waitForSelector('[data-testid="import-mapping"]');
    expect(await page.inputValue('select[name="import-sheet"]')).toBe('水源');
    expect(await page.locator('select[name="import-sheet"] option').allTextContents()).toEqual(['填表说明', '水源']);
    expect(await page.textContent('.import .note')).toContain('已跳过合计行');
    await page.selectOption('[data-property="kind"] select', '=');
    await page.selectOption('select[name="fixed-kind"]', 'well');
    await page.click('[data-testid="import-dry-run"]');
    await page.waitForSelector('[data-testid="import-wizard"][data-clean="true"]');
    await page.screenshot({ path: `${SCREENSHOTS}water-import-xls.png` });
    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="import-done"], [data-testid="import-failed"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="import-done"]')).toContain('新建 2');
    await page.fill('input[name="feature-search"]', '台账水源');
    await page.waitForFunction(() => document.querySelectorAll('[data-feature]').length === 2);
  });

  it('shows a viewer no editing tools, in the shell and with the app alone', async () => {
    const viewer = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
    await logInThroughPage(viewer, portal.url, 'viewer');
    await viewer.waitForSelector('[data-testid="current-user"]');
    await viewer.goto(`${portal.url}/water`);
    await viewer.waitForSelector('[data-testid="layer-workspace"][data-can-edit="false"]');
    await viewer.click(`[data-feature="${sources[0].properties.id}"]`);
    await viewer.waitForSelector('[data-testid="selected-name"]');
    expect(await viewer.$('[data-testid="edit-feature"]')).toBeNull();
    expect(await viewer.$('[data-testid="new-feature"]')).toBeNull();
    await viewer.goto(`${portal.url}/apps/water/`);
    await viewer.waitForSelector('[data-testid="team-map"][data-map-state="idle"]', { timeout: 45_000 });
    expect(await viewer.$('[data-testid="shell-status"]')).toBeNull();
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { booleanPointInPolygon } from '@turf/turf';
import { fileURLToPath } from 'node:url';
import { authHeaderFor, houseLedger, importWithOneCorrection, launchChromium, openTeamWorkspace, phonePhoto, placeFirstQueuedHouse, startPortal, type RunningPortal } from '@cuntu/testing';

const SCREENSHOTS = fileURLToPath(new URL('../../../tmp/screenshots/', import.meta.url));

type House = { geometry: { coordinates: [number, number] }; properties: Record<string, unknown> & { id: number } };

/** The housing team in its app, in Debian's Chromium: personal data only for those allowed to see it. */
describe('the houses workspace', () => {
  let portal: RunningPortal;
  let browser: Browser;
  let houses: House[];
  const open = (username: string): Promise<Page> => openTeamWorkspace(browser, portal.url, username, 'housing', 'houses');

  beforeAll(async () => {
    [portal, browser] = await Promise.all([startPortal(), launchChromium()]);
    const request = (path: string, init?: RequestInit) => portal.request(path, init);
    houses = ((await (await request('/api/checks/layers/houses', { headers: await authHeaderFor(request, 'viewer') })).json()) as { features: House[] }).features;
  });
  afterAll(async () => {
    await browser?.close();
    await portal?.stop();
  });

  it('lets a housing editor move a case along the workflow, with the household\'s personal data in the form; a step without what it needs is refused by the API', async () => {
    const page = await open('editor-housing');
    const request = (path: string, init?: RequestInit) => portal.request(path, init);
    const editor = await authHeaderFor(request, 'editor-housing');
    const planned = ((await (await request('/api/features/houses?renovationStatus=planned&limit=200', { headers: editor })).json()) as { features: House[] }).features
      .find((h) => h.properties.safetyRating && h.properties.renovationPath)!;
    await page.fill('input[name="feature-search"]', String(planned.properties.externalId));
    await page.click(`[data-feature="${planned.properties.id}"]`);
    await page.click('[data-testid="edit-feature"]');
    await page.waitForSelector('[data-field="headName"] input');
    await page.selectOption('[data-field="renovationStatus"] select', 'in_progress');
    await page.click('[data-testid="feature-save"]');
    await page.waitForSelector('[data-testid="save-message"]');
    await page.waitForSelector('[data-testid="selected-name"]');
    const stored = (await (await request(`/api/features/houses/${planned.properties.id}`, { headers: editor })).json()) as House;
    expect(stored.properties.renovationStatus).toBe('in_progress');

    // 已认定 → 已验收 in one go, for a house to rebuild with no rebuilt area and the old house standing: refused beside the fields.
    const identified = ((await (await request('/api/features/houses?renovationStatus=identified&renovationPath=rebuild&limit=200', { headers: editor })).json()) as { features: House[] }).features
      .find((h) => h.properties.rebuiltAreaM2 == null)!;
    await page.fill('input[name="feature-search"]', String(identified.properties.externalId));
    await page.click(`[data-feature="${identified.properties.id}"]`);
    await page.click('[data-testid="edit-feature"]');
    await page.waitForSelector('[data-field="headName"] input');
    await page.selectOption('[data-field="renovationStatus"] select', 'accepted');
    await page.click('[data-testid="feature-save"]');
    await page.waitForSelector('[data-field="rebuiltAreaM2"] .field-error');
    expect(await page.textContent('[data-field="oldDemolished"] .field-error')).toContain('拆除');
    const unchanged = (await (await request(`/api/features/houses/${identified.properties.id}`, { headers: editor })).json()) as House;
    expect(unchanged.properties.renovationStatus).toBe('identified');
  });

  const request = (path: string, init?: RequestInit) => portal.request(path, init);
  /** As the housing editor (a busy portal's 503 is ridden out by `portal.request`, as the apps' client does). */
  const asEditor = async (path: string, init: RequestInit = {}) =>
    request(path, { ...init, headers: { ...(await authHeaderFor(request, 'editor-housing')), ...(init.headers as Record<string, string> ?? {}) } });
  const selectHouse = async (page: Page, house: House) => {
    await page.fill('input[name="feature-search"]', String(house.properties.externalId));
    await page.click(`[data-feature="${house.properties.id}"]`);
    await page.waitForSelector('[data-testid="selected-name"]');
  };

  it('guides a rebuilt house to acceptance only once the old house is demolished and its before-and-after photos are in, and its verdict turns to pass', async () => {
    const page = await open('editor-housing');
    const found = (await (await asEditor('/api/features/houses?renovationPath=rebuild&renovationStatus=completed&oldDemolished=false&limit=1')).json()) as { features: House[] };
    const house = found.features[0];
    await selectHouse(page, house);
    await page.waitForSelector('[data-testid="house-workflow"][data-status="completed"]');
    expect(await page.getAttribute('[data-rule="house.old_demolished"]', 'data-verdict')).toBe('fail');
    expect(await page.isDisabled('[data-testid="advance-status"]')).toBe(true);
    expect(await page.locator('[data-testid="advance-missing"] [data-field="oldDemolished"]').count()).toBe(1);

    await page.click('[data-testid="edit-feature"]');
    await page.selectOption('[data-field="oldDemolished"] select', { label: '是' });
    await page.click('[data-testid="feature-save"]');
    await page.waitForSelector('[data-rule="house.old_demolished"][data-verdict="pass"]');
    await page.waitForSelector('[data-testid="house-workflow"][data-status="completed"]');
    // Acceptance also asks for the before-and-after photos (照片资料); they go in through the panel below.
    await page.waitForSelector('[data-testid="attachments-panel"][data-loaded="true"]');
    expect(await page.textContent('[data-testid="advance-missing"]')).toContain('请先上传“改造前”照片');
    for (const [purpose, count] of [['before', 1], ['after', 2]] as const) {
      await page.selectOption('[data-testid="attachment-purpose"]', purpose);
      await page.setInputFiles('input[name="attachment-files"]', { name: `${purpose}.jpg`, mimeType: 'image/jpeg', buffer: await phonePhoto(house.geometry.coordinates) });
      await page.waitForSelector(`[data-testid="attachments-panel"][data-count="${count}"]`);
    }
    await page.click('[data-testid="advance-status"]:not([disabled])');
    await page.waitForSelector('[data-testid="house-workflow"][data-status="accepted"]');
    const stored = (await (await asEditor(`/api/features/houses/${house.properties.id}`)).json()) as House;
    expect(stored.properties).toMatchObject({ renovationStatus: 'accepted', oldDemolished: true });
  });

  it('shows the conflict on a stale edit, and refuses an invalid ID number with its reason', async () => {
    const page = await open('editor-housing');
    const house = houses.slice(0, 200)[3];
    await page.click(`[data-feature="${house.properties.id}"]`);
    await page.click('[data-testid="edit-feature"]');
    await page.waitForSelector('[data-field="headIdNumber"] input');
    await page.fill('[data-field="headIdNumber"] input', '15052519');
    await page.waitForSelector('[data-field="headIdNumber"] [role="alert"]');
    expect(await page.isDisabled('[data-testid="feature-save"]')).toBe(true);
    await page.fill('[data-field="headIdNumber"] input', '');

    const current = await asEditor(`/api/features/houses/${house.properties.id}`);
    const changed = await asEditor(`/api/features/houses/${house.properties.id}`, {
      method: 'PATCH', headers: { 'content-type': 'application/json', 'if-match': current.headers.get('etag')! }, body: JSON.stringify({ properties: { householdSize: 7 } }),
    });
    expect(changed.status).toBe(200);
    await page.fill('[data-field="rebuiltAreaM2"] input', '88');
    await page.click('[data-testid="feature-save"]');
    await page.waitForSelector('[data-testid="edit-conflict"] [data-field="householdSize"]');
    await page.click('[data-testid="conflict-reapply"]');
    await page.waitForSelector('[data-testid="save-message"]');
    const stored = (await (await asEditor(`/api/features/houses/${house.properties.id}`)).json()) as House;
    expect(stored.properties).toMatchObject({ householdSize: 7, rebuiltAreaM2: 88 });
  });

  it('imports house sites from a CSV: the dry run lists the bad rating, the corrected file is committed', async () => {
    const page = await open('editor-housing');
    const [lon, lat] = houses[0].geometry.coordinates;
    const village = String((await (await asEditor(`/api/features/houses/${houses[0].properties.id}`)).json() as House).properties.villageCode);
    const csv = (rating: string) => `外部编号,所属行政村,危房等级,改造方式,经度,纬度\nIMP-H-1,${village},${rating},repair,${lon + 0.001},${lat}\nIMP-H-2,${village},C,rebuild,${lon},${lat + 0.001}\n`;
    const done = await importWithOneCorrection(page, { name: 'houses.csv', mimeType: 'text/csv', bad: csv('E'), fixed: csv('D') }, { row: 1, field: 'safetyRating' }, {
      mapped: async () => expect(await page.inputValue('[data-property="safetyRating"] select')).toBe('危房等级'),
    });
    expect(done).toContain('新建 2');
    const imported = (await (await asEditor('/api/features/houses?externalId=IMP-H-1')).json()) as { features: House[] };
    expect(imported.features[0].properties).toMatchObject({ safetyRating: 'D', renovationPath: 'repair', villageCode: village });
  });

  it('imports a house ledger without coordinates, then places two houses from the "to place" queue by dragging them', async () => {
    const page = await open('editor-housing');
    // The sample's 后平安村 has groups 后平安一组 … 三组; the office writes 1组, and the village's committee with a space.
    const ledger = houseLedger([
      { village: '后平安村', group: '1组', head: '周某', rating: 'C级', path: '修缮加固', id: 'QUEUE-1' },
      { village: '后平安 村委会', head: '吴某', rating: 'D级', path: '拆除重建', id: 'QUEUE-2' },
    ]);
    await page.click('[data-testid="open-import"]');
    await page.setInputFiles('input[name="import-file"]', { name: '危房台账.xlsx', mimeType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', buffer: Buffer.from(ledger) });
    await page.waitForSelector('[data-testid="import-mapping"]');
    expect(await page.inputValue('[data-property="villageCode"] select')).toBe('行政村');
    expect(await page.inputValue('[data-property="groupCode"] select')).toBe('组');
    await page.click('[data-testid="import-dry-run"]');
    await page.waitForSelector('[data-testid="import-wizard"][data-clean="true"]');
    await page.click('[data-testid="import-commit"]');
    await page.waitForSelector('[data-testid="import-done"]', { timeout: 60_000 });
    expect(await page.textContent('[data-testid="import-done"]')).toContain('新建 2');

    const queue = page.locator('[data-testid="houses-to-place"]');
    await queue.waitFor();
    expect(await queue.textContent()).toContain('待定位：2 户');
    await page.screenshot({ path: `${SCREENSHOTS}housing-to-place.png` });
    for (const remaining of [1, 0]) {
      // Zoomed onto the house, it is dragged 60 pixels east to where it stands.
      let before: House | null = null;
      const id = await placeFirstQueuedHouse(page, async (house) => {
        before = (await (await asEditor(`/api/features/houses/${house}`)).json()) as House;
        return before.geometry.coordinates;
      });
      const after = (await (await asEditor(`/api/features/houses/${id}`)).json()) as House;
      expect(after.properties.locationApproximate).toBe(false);
      expect(after.geometry.coordinates[0]).toBeGreaterThan(before!.geometry.coordinates[0]);
      if (remaining) await page.waitForFunction((n) => document.querySelectorAll('[data-testid="houses-to-place"] li[data-to-place]').length === n, remaining);
      else await page.waitForSelector('[data-testid="houses-to-place"]', { state: 'detached' });
    }
    // An import, its re-check and two drags: a minute and more on a loaded 2-core machine.
  }, 150_000);

  it('lists relocation sites breaching a red line, each one click from its place and verdicts', async () => {
    const page = await open('viewer');
    await page.click('[data-tab="relocation_sites"]');
    await page.waitForSelector('[data-layer-workspace="relocation_sites"] [data-testid="team-map"][data-map-state="idle"]', { timeout: 45_000 });
    const breach = page.locator('[data-testid="red-line-breaches"] li[data-breach] a').first();
    await breach.click();
    await page.waitForSelector('[data-testid="selected-name"]');
    const verdicts = await page.$$eval('[data-rule]', (els) => els.map((e) => `${e.getAttribute('data-rule')}=${e.getAttribute('data-verdict')}`));
    expect(verdicts.some((v) => v === 'relocation.area=fail' || v === 'relocation.self_funding=fail')).toBe(true);
  });

  it('draws a relocation site\'s footprint around it on the map: stored as a polygon holding the site, audited', async () => {
    const page = await open('editor-housing');
    const request = (path: string, init?: RequestInit) => portal.request(path, init);
    const editor = await authHeaderFor(request, 'editor-housing');
    await page.click('[data-tab="relocation_sites"]');
    const map = '[data-layer-workspace="relocation_sites"] [data-testid="team-map"]';
    await page.waitForSelector(`${map}[data-map-state="idle"]`, { timeout: 45_000 });
    const ids = await page.$$eval('[data-testid="red-line-breaches"] li[data-breach]', (els) => els.map((e) => e.getAttribute('data-breach')!));
    const footprintOf = async (id: string) => (await (await request(`/api/housing/sites/${id}/footprint`, { headers: editor })).json()) as { geometry: { type: string; coordinates: Array<Array<[number, number]>> } | null };
    let id: string | undefined;
    for (const candidate of ids) if ((await footprintOf(candidate)).geometry === null) { id = candidate; break; }
    expect(id, 'a breaching site without a footprint').toBeDefined();
    // One click brings the map to the site (centred); the footprint is drawn around the centre.
    await page.click(`[data-breach="${id}"] a`);
    await page.waitForSelector('[data-testid="footprint"][data-defined="false"]');
    await page.waitForTimeout(500);
    const box = (await page.locator(map).boundingBox())!;
    const [x, y, r] = [box.x + box.width / 2, box.y + box.height / 2, 40];
    await page.click('[data-testid="draw-footprint"]');
    for (const [dx, dy] of [[-r, -r], [r, -r], [r, r], [-r, r], [-r, -r]]) await page.mouse.click(x + dx, y + dy);
    await page.click('[data-testid="save-footprint"]');
    await page.waitForSelector('[data-testid="footprint"][data-defined="true"] [data-testid="footprint-message"]');
    await page.screenshot({ path: `${SCREENSHOTS}relocation-footprint.png` });
    const stored = (await footprintOf(id!)).geometry!;
    expect(stored.type).toBe('Polygon');
    const site = (await (await request(`/api/features/relocation_sites/${id}`, { headers: editor })).json()) as { geometry: { coordinates: [number, number] } };
    expect(booleanPointInPolygon(site.geometry.coordinates, stored as never)).toBe(true);
    const admin = await authHeaderFor(request, 'admin');
    const audit = (await (await request(`/api/admin/audit?layer=relocation_footprint&feature=${id}`, { headers: admin })).json()) as { entries: Array<{ username: string }> };
    expect(audit.entries[0].username).toBe('editor-housing');
  });

  it('shows a viewer no editing tools and no personal data', async () => {
    const page = await open('viewer');
    expect(await page.getAttribute('[data-layer-workspace="houses"]', 'data-can-edit')).toBe('false');
    await page.click(`[data-feature="${houses[0].properties.id}"]`);
    await page.waitForSelector('[data-testid="selected-name"]');
    expect(await page.$('[data-testid="edit-feature"]')).toBeNull();
    expect(await page.$('[data-testid="new-feature"]')).toBeNull();
    expect(await page.textContent('body')).not.toMatch(/户主姓名|身份证/);
    expect(houses.every((h) => !('headName' in h.properties))).toBe(true);
    // The housing app alone, without the shell: the same workspace, still read-only.
    await page.goto(`${portal.url}/apps/housing/`);
    await page.waitForSelector('[data-layer-workspace="houses"][data-can-edit="false"] [data-testid="team-map"][data-map-state="idle"]', { timeout: 45_000 });
    expect(await page.$('[data-testid="shell-status"]')).toBeNull();
    expect(await page.$('[data-testid="new-feature"]')).toBeNull();
  });
});

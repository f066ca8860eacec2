import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { runChecks } from '@cuntu/checks';
import { RULES } from '@cuntu/standards';
import { readSource } from '@cuntu/geo-io';
import { createApp } from './app';

describe.each(TEST_DRIVERS)('the standards and checks API on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let as: Record<string, { authorization: string }>;
  const call = async <T = Record<string, unknown>>(path: string, init: RequestInit = {}, user = 'viewer') => {
    const response = await app.request(path, { ...init, headers: { ...(init.headers as Record<string, string>), ...as[user] } });
    return { status: response.status, body: (await response.json()) as T };
  };
  const post = (path: string, body: unknown, user = 'admin') => call(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }, user);

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    as = Object.fromEntries(await Promise.all(['viewer', 'editor-roads', 'admin'].map(async (u) => [u, await authHeaderFor(app.request, u)])));
    await runChecks(database);
  });
  afterAll(() => database?.close());

  it('lists every rule with its bilingual title and source, and the three shipped profiles', async () => {
    const rules = await call<{ rules: typeof RULES }>('/api/standards/rules');
    expect(rules.body.rules).toHaveLength(27);
    expect(rules.body.rules[0]).toMatchObject({ id: 'village.incidence', titleZh: '贫困发生率', titleEn: 'Poverty incidence' });
    const profiles = await call<{ profiles: Array<{ key: string; isActive: boolean }> }>('/api/standards/profiles');
    expect(profiles.body.profiles.map((p) => p.key)).toEqual(['national-2015', 'western-2015', 'water-2018']);
    expect(profiles.body.profiles.filter((p) => p.isActive).map((p) => p.key)).toEqual(['national-2015']);
  });

  it('summarises the county: counts per rule and verdict and the coverage figures', async () => {
    const { status, body } = await call<{ byRule: Record<string, Record<string, number>>; coverage: Record<string, number>; profile: { key: string } }>('/api/checks/summary?county=150525000000');
    expect(status).toBe(200);
    expect(body.profile.key).toBe('national-2015');
    expect(Object.keys(body.byRule)).toHaveLength(27);
    expect(body.coverage.villages).toBeGreaterThan(270);
    expect(body.coverage.pavedRoutePct).toBeGreaterThan(50);
    const byStatus = (body.coverage as unknown as { dangerousHousesByStatus: Record<string, number> }).dangerousHousesByStatus;
    expect(Object.values(byStatus).reduce((a, b) => a + b, 0)).toBe(body.coverage.dangerousHouses);
    const town = await call<{ coverage: { villages: number } }>('/api/checks/summary?town=150525100000');
    expect(town.body.coverage.villages).toBeLessThan(body.coverage.villages);
    // The area a map view shows: every village of the county in a box around it, fewer in a smaller one.
    const all = await call<{ coverage: { villages: number } }>('/api/checks/summary?bbox=100,30,140,50');
    expect(all.body.coverage.villages).toBe(body.coverage.villages);
    const part = await call<{ coverage: { villages: number } }>('/api/checks/summary?bbox=120.5,42.6,120.9,43');
    expect(part.body.coverage.villages).toBeGreaterThan(0);
    expect(part.body.coverage.villages).toBeLessThan(body.coverage.villages);
    expect((await call('/api/checks/summary?bbox=121,43,120,42')).status).toBe(400);
  });

  it('serves the summary once per data revision: a 304 while nothing changed, the new figures right after a write', async () => {
    const url = '/api/checks/summary?county=150525000000';
    const first = await app.request(url, { headers: as.viewer });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"s/);
    const before = (await first.json()) as { coverage: { dangerousHousesByStatus: Record<string, number> } };
    expect((await app.request(url, { headers: { ...as.viewer, 'if-none-match': etag! } })).status).toBe(304);
    // Another area, another tag.
    expect((await app.request('/api/checks/summary?town=150525100000', { headers: as.viewer })).headers.get('etag')).not.toBe(etag);
    // A house moves on in its renovation (a write that changes what the summary counts).
    const [house] = await database.rows<{ id: number }>(sql`SELECT h.id FROM houses h WHERE h.safety_rating IN ('C', 'D') AND h.renovation_status = 'planned' ORDER BY h.id LIMIT 1`);
    await database.rows(sql`UPDATE houses SET renovation_status = 'in_progress' WHERE id = ${house.id}`);
    const after = await app.request(url, { headers: { ...as.viewer, 'if-none-match': etag! } });
    expect(after.status).toBe(200);
    const changed = (await after.json()) as typeof before;
    expect(changed.coverage.dangerousHousesByStatus.in_progress).toBe(before.coverage.dangerousHousesByStatus.in_progress + 1);
    expect(changed.coverage.dangerousHousesByStatus.planned).toBe(before.coverage.dangerousHousesByStatus.planned - 1);
  });

  it('serves a village sheet once per data revision too: a 304 while nothing changed, the new verdicts after a re-check', async () => {
    const url = '/api/checks/villages/150525100200';
    const first = await app.request(url, { headers: as.viewer });
    const etag = first.headers.get('etag');
    expect(etag).toMatch(/^"v/);
    expect((await app.request(url, { headers: { ...as.viewer, 'if-none-match': etag! } })).status).toBe(304);
    expect((await app.request('/api/checks/villages/150525100201', { headers: as.viewer })).headers.get('etag')).not.toBe(etag);
    // The village's population changes and it is judged again: the sheet says so at once.
    const [stats] = await database.rows<{ id: number; population: number }>(sql`SELECT id, population FROM village_stats WHERE village_code = '150525100200' ORDER BY year DESC LIMIT 1`);
    await database.rows(sql`UPDATE village_stats SET population = population * 10 WHERE id = ${stats.id}`);
    try {
      await runChecks(database, { villageCodes: ['150525100200'] });
      const after = await app.request(url, { headers: { ...as.viewer, 'if-none-match': etag! } });
      expect(after.status).toBe(200);
      const incidence = ((await after.json()) as { verdicts: Array<{ ruleId: string; measured: unknown }> }).verdicts.find((v) => v.ruleId === 'village.incidence');
      const before = ((await first.json()) as { verdicts: Array<{ ruleId: string; measured: unknown }> }).verdicts.find((v) => v.ruleId === 'village.incidence');
      expect(incidence?.measured).not.toEqual(before?.measured);
    } finally {
      await database.rows(sql`UPDATE village_stats SET population = ${stats.population} WHERE id = ${stats.id}`);
      await runChecks(database, { villageCodes: ['150525100200'] });
    }
  });

  it("gives 吉格斯台嘎查's verdict sheet with reasons, sources of failure and exit readiness", async () => {
    const { body } = await call<{ verdicts: Array<{ ruleId: string; verdict: string; reasonZh: string }>; readiness: { ready: boolean; holdingBack: Array<{ ruleId: string }> } }>('/api/checks/villages/150525100200');
    expect(body.verdicts.find((v) => v.ruleId === 'village.incidence')).toMatchObject({ verdict: 'fail', reasonZh: '贫困发生率 2.25%（19/846），高于 2% 标准' });
    expect(body.readiness.ready).toBe(false);
    expect(body.readiness.holdingBack.map((h) => h.ruleId)).toContain('village.incidence');
  });

  it('lists the verdicts as a table and hands them over as a workbook: village, subject, rule, verdict, measured, threshold, reason', async () => {
    type Rows = { total: number; rows: Array<Record<string, unknown>> };
    const failing = await call<Rows>('/api/checks/results?rule=village.incidence&verdict=fail&limit=5');
    expect(failing.status).toBe(200);
    expect(failing.body.total).toBeGreaterThan(5);
    expect(failing.body.rows).toHaveLength(5);
    expect(failing.body.rows[0]).toMatchObject({ ruleId: 'village.incidence', verdict: 'fail', subjectType: 'village', villageName: expect.any(String), townName: expect.any(String) });
    const houses = await call<Rows>('/api/checks/results?subject=house&limit=10000');
    expect(houses.body.rows.every((r) => r.subjectType === 'house')).toBe(true);

    const file = await app.request('/api/checks/results?rule=village.incidence&verdict=fail&format=xlsx', { headers: { ...as.viewer, 'accept-language': 'zh-CN' } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-type')).toContain('spreadsheetml');
    const sheet = await readSource('results.xlsx', new Uint8Array(await file.arrayBuffer()), { location: 'optional' });
    expect(sheet.fields).toEqual(['乡镇', '村代码', '行政村', '核查对象', '对象编号', '标准条目', '结论', '实测值', '标准值', '说明']);
    expect(sheet.features).toHaveLength(failing.body.total);
    const first = sheet.features[0].properties;
    const row = failing.body.rows[0];
    expect(first).toMatchObject({ 村代码: row.villageCode, 行政村: row.villageName, 核查对象: '行政村', 标准条目: '贫困发生率', 结论: '不达标', 说明: row.reasonZh });
    expect(first['实测值']).toBe(row.measured);
    expect((await call('/api/checks/results?verdict=maybe')).status).toBe(400);
  });

  it("serves a layer with each feature's verdicts as properties, filterable by rule and verdict", async () => {
    const all = await call<{ features: Array<{ properties: Record<string, string> }> }>('/api/checks/layers/villages');
    expect(all.body.features.length).toBeGreaterThan(270);
    expect(all.body.features[0].properties).toHaveProperty('village.paved_road');
    const failing = await call<{ features: Array<{ properties: Record<string, string> }> }>('/api/checks/layers/villages?rule=village.paved_road&verdict=fail');
    expect(failing.body.features.length).toBeGreaterThan(0);
    expect(failing.body.features.every((f) => f.properties['village.paved_road'] === 'fail')).toBe(true);
    const houses = await call<{ features: Array<{ properties: Record<string, unknown> }> }>('/api/checks/layers/houses');
    expect(houses.body.features[0].properties).not.toHaveProperty('headName');
  });

  it('counts what a map filter keeps without sending the features: per rule and verdict, the total and their box, as the GeoJSON holds them', async () => {
    type Collection = { features: Array<{ id: string | number; geometry: { coordinates: number[] }; properties: Record<string, unknown> }> };
    type Counts = { total: number; byRule: Record<string, Record<string, number>>; bbox: number[] | null };
    const tally = (c: Collection, rule: string) => Object.fromEntries(['pass', 'fail', 'unknown'].map((v) => [v, c.features.filter((f) => f.properties[rule] === v).length]));
    for (const [layer, query] of [['villages', ''], ['villages', 'rule=village.paved_road&verdict=fail'], ['roads', 'town=150525100000'], ['facilities', 'rule=village.clinic&verdict=unknown']] as const) {
      const features = (await call<Collection>(`/api/checks/layers/${layer}?${query}`)).body;
      const counts = await call<Counts>(`/api/checks/layers/${layer}/counts?${query}`);
      expect(counts.status, `${layer}?${query}`).toBe(200);
      expect(counts.body.total, `${layer}?${query}`).toBe(features.features.length);
      for (const rule of Object.keys(counts.body.byRule)) expect(counts.body.byRule[rule], `${layer}?${query} ${rule}`).toEqual(tally(features, rule));
    }
    // The town narrows the features themselves; the box holds exactly the kept villages.
    const town = (await call<Collection>('/api/checks/layers/villages?town=150525100000')).body.features;
    expect(town.length).toBeGreaterThan(0);
    expect(town.every((f) => String(f.id).startsWith('150525100'))).toBe(true);
    const failing = (await call<Collection>('/api/checks/layers/villages?rule=village.paved_road&verdict=fail')).body.features;
    const box = (await call<Counts>('/api/checks/layers/villages/counts?rule=village.paved_road&verdict=fail')).body.bbox!;
    const xs = failing.map((f) => f.geometry.coordinates[0]);
    const ys = failing.map((f) => f.geometry.coordinates[1]);
    expect(box.map((n) => n.toFixed(5))).toEqual([Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].map((n) => n.toFixed(5)));
    // A box, and one property's value (the attribute filter): counted as the features API finds them.
    const inBox = await call<Counts>(`/api/checks/layers/villages/counts?bbox=${box.join(',')}`);
    expect(inBox.body.total).toBeGreaterThanOrEqual(failing.length);
    const gravel = (await call<{ total: number }>('/api/features/roads?surface=gravel&limit=1')).body.total;
    expect(gravel).toBeGreaterThan(0);
    expect((await call<Counts>('/api/checks/layers/roads/counts?property=surface&value=gravel')).body.total).toBe(gravel);
    // The first features by id, for a result list.
    const some = (await call<Collection>('/api/checks/layers/villages?rule=village.paved_road&verdict=fail&limit=3')).body.features;
    expect(some.map((f) => f.id)).toEqual(failing.slice(0, 3).map((f) => f.id));
    // Nothing kept: zero, and no box.
    expect((await call<Counts>('/api/checks/layers/villages/counts?bbox=0,0,1,1')).body).toMatchObject({ total: 0, bbox: null });
    // Bad filters are named; a household's personal data is no filter for a viewer.
    for (const query of ['property=surface', 'property=nope&value=1', 'rule=village.paved_road', 'bbox=1,2,3', 'town=123']) {
      expect((await call(`/api/checks/layers/roads/counts?${query}`)).status, query).toBe(400);
    }
    expect((await call('/api/checks/layers/houses/counts?property=headName&value=x')).status).toBe(400);
    expect((await call('/api/checks/layers/houses/counts?property=headName&value=x', {}, 'admin')).status).toBe(200);
    expect((await call('/api/checks/layers/bridges/counts')).status).toBe(404);
    // Unchanged data: a 304 to the ETag.
    const first = await app.request('/api/checks/layers/villages/counts', { headers: as.viewer });
    expect((await app.request('/api/checks/layers/villages/counts', { headers: { ...as.viewer, 'if-none-match': first.headers.get('etag')! } })).status).toBe(304);
  });

  it("serves village facilities with their village's verdicts: a clinic carries its village's clinic verdict", async () => {
    const facilities = await call<{ features: Array<{ properties: Record<string, string> }> }>('/api/checks/layers/facilities');
    const clinics = facilities.body.features.filter((f) => f.properties.kind === 'clinic' && f.properties.villageCode);
    expect(clinics.length).toBeGreaterThan(100);
    const villages = await call<{ features: Array<{ properties: Record<string, string> }> }>('/api/checks/layers/villages');
    const clinicVerdict = new Map(villages.body.features.map((v) => [v.properties.id, v.properties['village.clinic']]));
    for (const c of clinics) expect(c.properties['village.clinic'], c.properties.name).toBe(clinicVerdict.get(c.properties.villageCode));
    expect(new Set(clinics.map((c) => c.properties['village.clinic']))).toEqual(new Set(['pass', 'fail', 'unknown']));
  });

  it('runs checks under another profile on request: 吉格斯台嘎查 passes the western one', async () => {
    const profiles = await call<{ profiles: Array<{ id: number; key: string }> }>('/api/standards/profiles');
    const western = profiles.body.profiles.find((p) => p.key === 'western-2015')!;
    const run = await post('/api/checks/runs', { profileId: western.id, villageCodes: ['150525100200'] });
    expect(run.status).toBe(201);
    const sheet = await call<{ verdicts: Array<{ ruleId: string; verdict: string; profileId: number }> }>(`/api/checks/villages/150525100200?profile=${western.id}`);
    expect(sheet.body.verdicts.find((v) => v.ruleId === 'village.incidence')).toMatchObject({ verdict: 'pass', profileId: western.id });
  });

  it('creates a profile by copying one and refuses thresholds out of range, naming the field', async () => {
    const created = await post('/api/standards/profiles', { basedOnId: 1, key: 'county-2pct-bus3', nameZh: '本县标准', nameEn: 'County standard', changes: { village: { busMaxKm: 3 } } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ key: 'county-2pct-bus3', version: 1, basedOnId: 1 });
    expect((created.body as { thresholds: { village: { busMaxKm: number; incidenceMaxPct: number } } }).thresholds.village).toMatchObject({ busMaxKm: 3, incidenceMaxPct: 2 });
    const bad = await post('/api/standards/profiles', { basedOnId: 1, key: 'bad', nameZh: '坏', nameEn: 'Bad', changes: { road: { minWidthM: -1 } } });
    expect(bad.status).toBe(422);
    expect((bad.body as { error: { code: string; details: Array<{ field: string }> } }).error).toMatchObject({ code: 'invalid_thresholds', details: expect.arrayContaining([expect.objectContaining({ field: 'road.minWidthM' })]) });
    const malformed = await call('/api/standards/profiles', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{not json' }, 'admin');
    expect(malformed.status).toBe(400);
    expect((await post('/api/standards/profiles', { basedOnId: 1, key: 'by-viewer', nameZh: '看', nameEn: 'V' }, 'viewer')).status).toBe(403);
    expect((await post('/api/checks/runs', { villageCodes: ['150525100200'] }, 'viewer')).status).toBe(403);
    expect((await post('/api/checks/runs', { villageCodes: ['150525100200'] }, 'editor-roads')).status).toBe(201);
  });

  it('answers unknown subjects and bad queries with 4xx reasons', async () => {
    expect((await call('/api/checks/villages/999999999999', {}, 'admin')).status).toBe(404);
    // Outside the viewer's county: refused, without saying whether such a village exists.
    expect((await call('/api/checks/villages/999999999999')).status).toBe(403);
    expect((await call('/api/checks/villages/abc')).status).toBe(400);
    expect((await call('/api/checks/layers/bridges')).status).toBe(404);
    expect((await call('/api/checks/layers/villages?rule=village.paved_road')).status).toBe(400);
    expect((await call('/api/checks/summary?profile=9999')).status).toBe(404);
    expect((await post('/api/checks/runs', { villageCodes: ['12'] })).status).toBe(400);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { readSource } from '@cuntu/geo-io';
import { authHeaderFor, createJsonCaller, openTestDatabase, statisticsLedger, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const COUNTY = '150525000000';

describe.each(TEST_DRIVERS)('village statistics by year on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const auth: Record<string, { authorization: string }> = {};
  const call = createJsonCaller((path, init) => app.request(path, init), auth);
  const incidence = async (code: string) => ((await call('GET', `/api/checks/subjects/village/${code}`, 'viewer')).body.verdicts as Json[]).find((v) => v.ruleId === 'village.incidence')!;
  const passing = async () => ((await call('GET', '/api/checks/layers/villages?rule=village.incidence&verdict=pass', 'viewer')).body.features as Json[])
    .map((f) => ({ code: String(f.properties.id), name: String(f.properties.name) }));
  const upload = async (bytes: Uint8Array, query: string) => {
    const r = await app.request(`/api/villages/statistics/import?${query}`, {
      method: 'POST', body: bytes as Uint8Array<ArrayBuffer>, headers: { ...auth.admin, 'content-type': 'application/octet-stream', 'accept-language': 'zh-CN' },
    });
    return { status: r.status, body: await r.json() as Json };
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'editor-housing', 'admin']) auth[u] = await authHeaderFor(app.request, u);
  });
  afterAll(() => database?.close());

  it('reads and writes a village\'s year with an ETag; contradictions, a year after the as-of year and other roles are refused; a change re-judges and can be undone', async () => {
    const [village] = await passing();
    const path = `/api/villages/${village.code}/statistics/2020`;
    const loaded = await call('GET', path, 'viewer');
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ villageCode: village.code, villageName: village.name, year: 2020, population: expect.any(Number), incidencePct: expect.any(Number) });
    expect(loaded.etag).toBe(`"v${loaded.body.version}"`);
    const { population, registeredPoorPeople, notLiftedPeople } = loaded.body;

    expect((await call('PUT', path, 'admin', { notLiftedPeople: 1 })).status).toBe(428);
    expect((await call('PUT', path, 'editor-housing', { notLiftedPeople: 1 }, { 'if-match': loaded.etag! })).status).toBe(403);
    const contradicting = await call('PUT', path, 'admin', { notLiftedPeople: registeredPoorPeople + 1 }, { 'if-match': loaded.etag!, 'accept-language': 'zh-CN' });
    expect(contradicting.status).toBe(422);
    expect(contradicting.body.error.details).toEqual([{ field: 'notLiftedPeople', problem: `不能多于「建档立卡贫困人口」（${registeredPoorPeople}）` }]);
    const fewerPeople = await call('PUT', path, 'admin', { households: population + 1 }, { 'if-match': loaded.etag!, 'accept-language': 'en' });
    expect(fewerPeople.body.error.details.map((d: Json) => d.field)).toContain('households');
    expect(fewerPeople.body.error.details.find((d: Json) => d.field === 'households').problem).toBe(`cannot be more than Population (${population})`);
    const later = await call('PUT', `/api/villages/${village.code}/statistics/2021`, 'admin', { notLiftedPeople: 1 }, { 'if-match': '"v0"', 'accept-language': 'zh-CN' });
    expect([later.status, later.body.error.details[0].field]).toEqual([422, 'year']);
    expect(later.body.error.details[0].problem).toContain('2021 年晚于核查基准日（2020-10-31）');
    expect((await call('GET', path, 'viewer')).body.version).toBe(loaded.body.version); // nothing written

    const raised = Math.min(registeredPoorPeople, Math.ceil(population * 0.05));
    const saved = await call('PUT', path, 'admin', { notLiftedPeople: raised }, { 'if-match': loaded.etag! });
    expect(saved.status).toBe(200);
    expect(saved.body.statistics).toMatchObject({ notLiftedPeople: raised, version: loaded.body.version + 1 });
    expect(saved.etag).toBe(`"v${loaded.body.version + 1}"`);
    expect((await incidence(village.code)).verdict).toBe('fail');
    expect((await call('PUT', path, 'admin', { notLiftedPeople: 0 }, { 'if-match': loaded.etag! })).status).toBe(412);

    const [entry] = (await call('GET', `/api/admin/audit?layer=village_statistics&feature=${village.code}`, 'admin')).body.entries as Json[];
    expect(entry).toMatchObject({ username: 'admin', action: 'update', changed: expect.arrayContaining(['notLiftedPeople']) });
    expect((await call('POST', `/api/admin/audit/${entry.id}/revert`, 'admin')).status).toBe(200);
    expect((await call('GET', path, 'viewer')).body.notLiftedPeople).toBe(notLiftedPeople);
    expect((await incidence(village.code)).verdict).toBe('pass');

    const history = await call('GET', `/api/villages/${village.code}/statistics`, 'viewer');
    expect(history.body).toMatchObject({ asOf: '2020-10-31', years: [{ year: 2020, notLiftedPeople }] });

    // An earlier year: incidence over the years on the village's sheet, and in the county's trend.
    const earlier = await call('PUT', `/api/villages/${village.code}/statistics/2016`, 'admin', { population, registeredPoorPeople, notLiftedPeople: registeredPoorPeople }, { 'if-match': '"v0"' });
    expect([earlier.status, earlier.body.checks.villages]).toEqual([200, []]); // not the judged year: nothing re-judged
    const sheet = await call('GET', `/api/checks/villages/${village.code}`, 'viewer');
    expect(sheet.body.statistics).toMatchObject({ year: 2020, notLiftedPeople });
    expect(sheet.body.history.map((y: Json) => y.year)).toEqual([2016, 2020]);
    expect(sheet.body.history[0].incidencePct).toBeCloseTo((registeredPoorPeople / population) * 100, 1);
    const trend = await call('GET', `/api/villages/statistics/trend?county=${COUNTY}`, 'viewer');
    expect(trend.body.years.map((y: Json) => y.year)).toEqual([2016, 2020]);
    expect(trend.body.years[0]).toMatchObject({ villages: 1, withFigures: 1, population, notLiftedPeople: registeredPoorPeople });
    const all = trend.body.years[1];
    expect(all.villages).toBeGreaterThan(100);
    expect(all.incidencePct).toBeCloseTo((all.notLiftedPeople / all.population) * 100, 1);
    expect(all.withFigures).toBeLessThan(all.villages); // some sample villages give no not-lifted figure
  });

  it('judges the year the as-of date falls in: a village with only an older year is unknown, never pass; moving the as-of date re-judges', async () => {
    const [, village] = await passing();
    // Its figures move to 2019: nothing for 2020 any more.
    await database.rows(sql`UPDATE village_stats SET year = 2019 WHERE village_code = ${village.code} AND year = 2020`);
    const run = await call('POST', '/api/checks/runs', 'admin', {});
    expect(run.status).toBeLessThan(300);
    const unknown = await incidence(village.code);
    expect(unknown.verdict).toBe('unknown');
    expect(unknown.reasonZh).toContain('没有 2020 年');

    const moved = await call('PATCH', '/api/admin/settings', 'admin', { checksAsOf: '2019-12-31' });
    expect(moved.status).toBe(200);
    expect(moved.body).toMatchObject({ checksAsOf: '2019-12-31', job: { id: expect.any(String) } });
    await expect.poll(async () => (await call('GET', `/api/admin/jobs/${moved.body.job.id}`, 'admin')).body.state, { timeout: 120_000, interval: 500 }).toBe('done');
    expect((await incidence(village.code)).verdict).toBe('pass');
    expect((await call('GET', '/api/admin/settings', 'admin')).body.checksAsOf).toBe('2019-12-31');
    // 2020 now lies after the as-of year.
    expect((await call('PUT', `/api/villages/${village.code}/statistics/2020`, 'admin', { notLiftedPeople: 1 }, { 'if-match': '"v0"' })).status).toBe(422);

    const back = await call('PATCH', '/api/admin/settings', 'admin', { checksAsOf: null });
    expect(back.body.checksAsOf).toBe('2020-10-31');
    await expect.poll(async () => (await call('GET', `/api/admin/jobs/${back.body.job.id}`, 'admin')).body.state, { timeout: 120_000, interval: 500 }).toBe('done');
    await database.rows(sql`UPDATE village_stats SET year = 2020 WHERE village_code = ${village.code} AND year = 2019`);
    expect((await call('PATCH', '/api/admin/settings', 'admin', { checksAsOf: 'not-a-date' })).status).toBe(400);
  }, 300_000);

  it('says what the deployment holds and what the checks still lack (admins)', async () => {
    const report = async () => Object.fromEntries(((await call('GET', '/api/admin/readiness', 'admin')).body.items as Json[]).map((i) => [i.key, i]));
    const [{ n }] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM villages v WHERE NOT EXISTS (SELECT 1 FROM village_stats s WHERE s.village_code = v.code AND s.year = 2020)`);
    const before = await report();
    expect(before.counties).toMatchObject({ count: 1, lacking: false });
    expect(before.villagesWithoutStatistics).toMatchObject({ count: n, of: before.villages.count, lacking: n > 0 });
    expect(before.judged.count).toBeGreaterThan(0);
    const [village] = await passing();
    await database.rows(sql`UPDATE village_stats SET year = 2018 WHERE village_code = ${village.code} AND year = 2020`);
    const after = await report();
    expect(after.villagesWithoutStatistics).toMatchObject({ count: n + 1, lacking: true });
    await database.rows(sql`UPDATE village_stats SET year = 2020 WHERE village_code = ${village.code} AND year = 2018`);
    expect((await call('GET', '/api/admin/readiness', 'viewer')).status).toBe(403);
  });

  it('lists a town\'s villages with the year\'s figures beside their verdicts, and exports them as a workbook', async () => {
    const table = await call('GET', `/api/villages/statistics?county=${COUNTY}`, 'viewer');
    expect(table.status).toBe(200);
    expect(table.body).toMatchObject({ year: 2020, asOf: '2020-10-31', editable: false });
    const rows = table.body.villages as Json[];
    expect(rows.length).toBeGreaterThan(100);
    expect(rows.some((r) => r.incidence?.verdict === 'fail')).toBe(true);
    const town = rows[0].townCode;
    const ofTown = await call('GET', `/api/villages/statistics?town=${town}`, 'admin');
    expect(ofTown.body.editable).toBe(true);
    expect((ofTown.body.villages as Json[]).every((r) => r.townCode === town)).toBe(true);
    expect((await call('GET', '/api/villages/statistics', 'viewer')).status).toBe(400);

    const file = await app.request(`/api/villages/statistics?town=${town}&format=xlsx`, { headers: { ...auth.viewer, 'accept-language': 'zh-CN' } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('.xlsx');
    const sheet = await readSource('statistics.xlsx', new Uint8Array(await file.arrayBuffer()), { location: 'optional' });
    const header = sheet.fields;
    const first = header.map((h) => sheet.features[0].properties[h] ?? null);
    expect(header).toEqual(['村代码', '行政村', '乡镇', '统计年度', '户数', '人口', '建档立卡贫困户数', '建档立卡贫困人口', '未脱贫户数', '未脱贫人口', '贫困发生率（%）', '贫困发生率核查', '说明']);
    const row = (ofTown.body.villages as Json[])[0];
    expect(first).toEqual([row.villageCode, row.villageName, row.townName, 2020, row.households, row.population, row.registeredPoorHouseholds, row.registeredPoorPeople,
      row.notLiftedHouseholds, row.notLiftedPeople, row.incidencePct ?? null, { pass: '达标', fail: '不达标', unknown: '数据缺失' }[row.incidence.verdict as string], row.incidence.reasonZh]);
    // The workbook imports back as it is: every village found, nothing to change.
    const back = await upload(new Uint8Array(await (await app.request(`/api/villages/statistics?town=${town}&format=xlsx`, { headers: auth.viewer })).arrayBuffer()), 'fileName=back.xlsx');
    expect(back.body).toMatchObject({ total: ofTown.body.villages.length, invalid: 0, updates: (ofTown.body.villages as Json[]).filter((r) => r.version > 0).length });
  });

  it('imports a county ledger (title rows, a two-row merged header, numbers as text, a total row): a dry run, then all rows or none, re-judging the villages', async () => {
    const villages = (await call('GET', `/api/villages/statistics?county=${COUNTY}`, 'viewer')).body.villages as Json[];
    const [a, b, c] = villages.filter((v) => v.population > 200);
    const ledger = statisticsLedger([
      { code: a.villageCode, name: a.villageName, town: a.townName, figures: [a.households, String(a.population), 40, '120', 10, String(Math.ceil(a.population * 0.05))] },
      // By name only, as the office wrote it: a full-width space and the 村委会 suffix.
      { name: `${b.villageName.replace(/(村|嘎查)$/, '')}\u3000村委会`, town: b.townName, figures: [b.households, b.population, 30, 90, 0, 0] },
      { code: c.villageCode, name: c.villageName, town: c.townName, figures: [c.households, c.population, 20, 60, 5, 15] },
    ]);
    // Unasked, the sheet that holds a table is read: last year's empty form before it is passed over.
    const dry = await upload(ledger, '');
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ committed: false, total: 3, valid: 3, invalid: 0, updates: 3, creates: 0, sheet: { name: '2020年' } });
    expect(dry.body.mapping).toMatchObject({ villageCode: '村代码', villageName: '行政村', registeredPoorHouseholds: '建档立卡贫困户 户数', notLiftedPeople: '未脱贫 人数', population: '总人口' });
    expect(dry.body.notes.join('\n')).toMatch(/合计/);
    expect((await call('GET', `/api/villages/${a.villageCode}/statistics/2020`, 'viewer')).body.registeredPoorHouseholds).toBe(a.registeredPoorHouseholds); // a dry run writes nothing

    const done = await upload(ledger, 'sheet=2020年&commit=true');
    expect(done.status).toBe(200);
    expect(done.body).toMatchObject({ committed: true, rechecked: 3 });
    expect((await call('GET', `/api/villages/${a.villageCode}/statistics/2020`, 'viewer')).body).toMatchObject({ registeredPoorHouseholds: 40, registeredPoorPeople: 120 });
    expect((await incidence(a.villageCode)).verdict).toBe('fail');
    expect((await call('GET', `/api/villages/${b.villageCode}/statistics/2020`, 'viewer')).body).toMatchObject({ notLiftedPeople: 0 });
    const audit = (await call('GET', `/api/admin/audit?layer=village_statistics&feature=${a.villageCode}`, 'admin')).body.entries as Json[];
    expect(audit[0]).toMatchObject({ action: 'import', importId: expect.any(Number) });
  });

  it('refuses a ledger with bad rows as a whole, naming each row, field and reason', async () => {
    const villages = (await call('GET', `/api/villages/statistics?county=${COUNTY}`, 'viewer')).body.villages as Json[];
    const [a, b] = villages.filter((v) => v.population > 200).slice(5);
    const before = (await call('GET', `/api/villages/${a.villageCode}/statistics/2020`, 'viewer')).body;
    const ledger = statisticsLedger([
      { code: a.villageCode, name: a.villageName, figures: [a.households, a.population, 10, 30, 1, 2] },
      { code: '150525999999', name: a.villageName, figures: [1, 2, 0, 0, 0, 0] },
      { name: `${a.villageName.slice(0, 1)}某某村`, figures: [1, 2, 0, 0, 0, 0] },
      { code: b.villageCode, name: b.villageName, figures: [b.households, b.population, 10, 30, 40, 50] },
      { code: b.villageCode, name: b.villageName, figures: [b.households, 'abc', 1, 3, 0, 0] },
    ]);
    const dry = await upload(ledger, 'sheet=2020年');
    expect(dry.body).toMatchObject({ total: 5, valid: 1, invalid: 4 });
    const problems = dry.body.problems as Json[];
    const at = (row: number) => problems.filter((p) => p.row === row);
    expect(at(6)[0]).toMatchObject({ field: 'villageCode', problem: expect.stringContaining('没有代码为 150525999999 的行政村') });
    expect(at(6)[0].problem).toContain(a.villageCode); // the closest name is offered
    expect(at(7)[0]).toMatchObject({ field: 'villageName' });
    expect(at(8).map((p) => p.field).sort()).toEqual(['notLiftedHouseholds', 'notLiftedPeople']);
    expect(at(9).map((p) => p.field).sort()).toEqual(['population', 'villageCode']); // not a number, and the village twice
    const refused = await upload(ledger, 'sheet=2020年&commit=true');
    expect([refused.status, refused.body.error.code]).toEqual([422, 'invalid_rows']);
    expect((await call('GET', `/api/villages/${a.villageCode}/statistics/2020`, 'viewer')).body.version).toBe(before.version);

    const noHeader = await upload(new TextEncoder().encode('x\n1\n'), 'fileName=stats.csv');
    expect(noHeader.status).toBe(422);
    expect((await upload(new TextEncoder().encode('{"type":"FeatureCollection","features":[]}'), 'fileName=a.geojson')).status).toBeGreaterThanOrEqual(400);
    const viewer = await app.request('/api/villages/statistics/import', { method: 'POST', body: ledger as Uint8Array<ArrayBuffer>, headers: { ...auth.viewer, 'content-type': 'application/octet-stream' } });
    expect(viewer.status).toBe(403);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { authHeaderFor, createJsonCaller, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(TEST_DRIVERS)('a water source\'s records on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const auth: Record<string, { authorization: string }> = {};
  const call = createJsonCaller((path, init) => app.request(path, init), auth);
  const verdict = async (type: string, id: string | number, rule: string) =>
    ((await call('GET', `/api/checks/subjects/${type}/${id}`, 'viewer')).body.verdicts as Json[]).find((v) => v.ruleId === rule)!;
  const groupTier = async (groupCode: string) => (await verdict('village', groupCode.slice(0, 12), 'village.water')).measured?.[groupCode] ?? null;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'editor-roads', 'editor-water', 'admin']) auth[u] = await authHeaderFor(app.request, u);
  });
  afterAll(() => database?.close());

  it('lists a source\'s tests newest first; only water editors may add or delete one', async () => {
    const [{ id }] = await database.rows<{ id: number }>(sql`SELECT source_id AS id FROM water_tests GROUP BY source_id HAVING count(*) > 1 ORDER BY source_id LIMIT 1`);
    const { status, body } = await call('GET', `/api/water/sources/${id}/tests`, 'viewer');
    expect(status).toBe(200);
    const dates = (body.tests as Json[]).map((t) => t.sampledOn);
    expect(dates.length).toBeGreaterThan(1);
    expect([...dates].sort().reverse()).toEqual(dates);
    expect((await call('GET', `/api/water/sources/${id}/tests`, null)).status).toBe(401);
    expect((await call('GET', '/api/water/sources/99999999/tests', 'viewer')).status).toBe(404);
    const test = { sampledOn: '2020-06-01', meetsGb5749: true };
    expect((await call('POST', `/api/water/sources/${id}/tests`, 'viewer', test)).status).toBe(403);
    expect((await call('POST', `/api/water/sources/${id}/tests`, 'editor-roads', test)).status).toBe(403);
    expect((await call('DELETE', `/api/water/sources/${id}/tests/${body.tests[0].id}`, 'editor-roads')).status).toBe(403);
  });

  it('refuses a test with a bad date or unknown field, naming the field', async () => {
    const [{ id }] = await database.rows<{ id: number }>(sql`SELECT id FROM water_sources ORDER BY id LIMIT 1`);
    const before = (await call('GET', `/api/water/sources/${id}/tests`, 'viewer')).body.tests.length;
    const bad = await call('POST', `/api/water/sources/${id}/tests`, 'editor-water', { sampledOn: '2024-02-30', meetsGb5749: 'yes', colour: 'clear' });
    expect(bad.status).toBe(422);
    expect((bad.body.error.details as Json[]).map((d) => d.field).sort()).toEqual(['', 'meetsGb5749', 'sampledOn']);
    expect((await call('POST', `/api/water/sources/${id}/tests`, 'editor-water', '[1')).status).toBe(422);
    expect((await call('GET', `/api/water/sources/${id}/tests`, 'viewer')).body.tests.length).toBe(before);
  });

  it('a test carries its lab report, one of the source\'s own files: another source\'s, a removed or an unknown one is refused, nothing kept', async () => {
    const [a, b] = await database.rows<{ id: number }>(sql`SELECT id FROM water_sources ORDER BY id LIMIT 2`);
    const upload = async (sourceId: number) => {
      const form = new FormData();
      form.append('file', new Blob(['%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n'], { type: 'application/pdf' }), '水质检测报告.pdf');
      const response = await app.request(`/api/attachments?layer=water_sources&feature=${sourceId}&purpose=lab_report`, { method: 'POST', headers: auth['editor-water'], body: form });
      expect(response.status).toBe(201);
      return ((await response.json()) as { attachments: Json[] }).attachments[0].id as number;
    };
    const own = await upload(a.id);
    const others = await upload(b.id);
    const before = (await call('GET', `/api/water/sources/${a.id}/tests`, 'viewer')).body.tests.length;

    const added = await call('POST', `/api/water/sources/${a.id}/tests`, 'editor-water', { sampledOn: '2020-09-01', meetsGb5749: true, labReportId: own });
    expect(added.status).toBe(201);
    expect(added.body.test.labReportId).toBe(own);
    expect((await call('GET', `/api/water/sources/${a.id}/tests`, 'viewer')).body.tests.find((t: Json) => t.id === added.body.test.id).labReportId).toBe(own);

    const refused = await call('POST', `/api/water/sources/${a.id}/tests`, 'editor-water', { sampledOn: '2020-09-02', labReportId: others }, { 'accept-language': 'zh-CN' });
    expect(refused.status).toBe(422);
    expect(refused.body.error).toMatchObject({ code: 'lab_report_not_of_source', details: [{ field: 'labReportId', problem: expect.stringContaining(`不是水源 ${a.id} 的材料`) }] });
    expect((await call('POST', `/api/water/sources/${a.id}/tests`, 'editor-water', { sampledOn: '2020-09-02', labReportId: 987654321 })).status).toBe(422);
    expect((await call('DELETE', `/api/attachments/${own}`, 'editor-water')).status).toBe(204);
    const removed = await call('POST', `/api/water/sources/${a.id}/tests`, 'editor-water', { sampledOn: '2020-09-02', labReportId: own }, { 'accept-language': 'en' });
    expect(removed.status).toBe(422);
    expect(removed.body.error.message).toContain('is not a file of water source');
    expect((await call('GET', `/api/water/sources/${a.id}/tests`, 'viewer')).body.tests.length).toBe(before + 1);
  });

  it('a failing test turns the source\'s quality verdict to fail; deleting it brings the verdict back; both are audited', async () => {
    const [{ id }] = await database.rows<{ id: number }>(sql`
      SELECT w.id FROM water_sources w JOIN LATERAL (SELECT * FROM water_tests t WHERE t.source_id = w.id ORDER BY sampled_on DESC, t.id DESC LIMIT 1) lt ON true
      WHERE lt.meets_gb5749 AND lt.meets_rural_criteria ORDER BY w.id LIMIT 1`);
    const original = await verdict('water_source', id, 'water.quality');
    expect(original.verdict).toBe('pass');
    // Evidence counts as of the date the county is judged (the sample's 2020-10-31): a test taken on it.
    const today = '2020-10-31';
    const added = await call('POST', `/api/water/sources/${id}/tests`, 'editor-water', { sampledOn: today, meetsGb5749: false, meetsRuralCriteria: false, lab: '县疾控中心' });
    expect(added.status).toBe(201);
    expect(added.body.test).toMatchObject({ sourceId: id, sampledOn: today, meetsGb5749: false, lab: '县疾控中心' });
    expect((await verdict('water_source', id, 'water.quality')).verdict).toBe('fail');

    const removed = await call('DELETE', `/api/water/sources/${id}/tests/${added.body.test.id}`, 'editor-water');
    expect(removed.status).toBe(200);
    expect((await verdict('water_source', id, 'water.quality')).verdict).toBe('pass');
    expect((await call('DELETE', `/api/water/sources/${id}/tests/${added.body.test.id}`, 'editor-water')).status).toBe(404);

    const audit = (await call('GET', `/api/admin/audit?layer=water_tests&feature=${id}`, 'admin')).body.entries as Json[];
    expect(audit.map((e) => e.action)).toEqual(['delete', 'create']);
    expect(audit[0].username).toBe('editor-water');
  });

  it('assigns a group to a source: the group takes the source\'s tier; a stale or invalid assignment is refused; the admin can undo it', async () => {
    // A source serving exactly one group by assignment, whose tier differs from that of a group no source serves.
    const [unserved] = await database.rows<{ code: string }>(sql`
      SELECT g.code FROM village_groups g WHERE NOT EXISTS (SELECT 1 FROM water_source_groups a WHERE a.group_code = g.code)
        AND NOT EXISTS (SELECT 1 FROM water_sources w WHERE ST_Contains(w.service_area, g.settlement)) ORDER BY g.code LIMIT 1`);
    const unservedTier = await groupTier(unserved.code);
    const candidates = await database.rows<{ source: number; group: string }>(sql`
      SELECT min(a.source_id) AS source, a.group_code AS "group" FROM water_source_groups a
      WHERE a.source_id IN (SELECT source_id FROM water_source_groups GROUP BY source_id HAVING count(*) = 1)
        AND a.group_code NOT IN (SELECT group_code FROM water_source_groups GROUP BY group_code HAVING count(*) > 1)
        AND (SELECT service_area FROM water_sources WHERE id = a.source_id) IS NULL
      GROUP BY a.group_code ORDER BY 2 LIMIT 40`);
    let served: { source: number; group: string } | undefined;
    let sourceTier: string | null = null;
    for (const c of candidates) {
      sourceTier = await groupTier(c.group);
      if (sourceTier && sourceTier !== unservedTier) {
        served = c;
        break;
      }
    }
    if (!served) throw new Error(`the sample county has no source whose tier differs from ${unservedTier}`);

    const path = `/api/water/sources/${served.source}/groups`;
    const loaded = await call('GET', path, 'viewer');
    expect(loaded.status).toBe(200);
    expect((loaded.body.groups as Json[]).map((g) => g.code)).toEqual([served.group]);
    expect(loaded.body.groups[0].villageName).toBeTruthy();
    const both = { groupCodes: [served.group, unserved.code] };

    expect((await call('PUT', path, 'editor-water', both)).status).toBe(428);
    expect((await call('PUT', path, 'editor-roads', both, { 'if-match': loaded.etag! })).status).toBe(403);
    const unknown = await call('PUT', path, 'editor-water', { groupCodes: [served.group, '999999999999999'] }, { 'if-match': loaded.etag! });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].problem).toMatch(/999999999999999/);

    const saved = await call('PUT', path, 'editor-water', both, { 'if-match': loaded.etag! });
    expect(saved.status).toBe(200);
    expect(saved.etag).not.toBe(loaded.etag);
    expect((saved.body.groups as Json[]).map((g) => g.code).sort()).toEqual([...both.groupCodes].sort());
    expect(saved.body.checks.villages).toContain(unserved.code.slice(0, 12));
    expect(await groupTier(unserved.code)).toBe(sourceTier);

    const stale = await call('PUT', path, 'editor-water', { groupCodes: [served.group] }, { 'if-match': loaded.etag! });
    expect(stale.status).toBe(412);
    expect(stale.body.error.details.current.sort()).toEqual([...both.groupCodes].sort());

    const [entry] = (await call('GET', `/api/admin/audit?layer=water_source_groups&feature=${served.source}`, 'admin')).body.entries as Json[];
    expect(entry.changed).toEqual(['groupCodes']);
    expect((await call('POST', `/api/admin/audit/${entry.id}/revert`, 'admin')).status).toBe(200);
    expect((await call('GET', path, 'viewer')).body.groups.map((g: Json) => g.code)).toEqual([served.group]);
    expect(await groupTier(unserved.code)).toBe(unservedTier);
  });

  it('a service area drawn around an unserved group serves it; a wrong, huge or stale area is refused; the admin can undo it', async () => {
    const [unserved] = await database.rows<{ code: string; lon: number; lat: number }>(sql`
      SELECT g.code, ST_X(g.settlement) AS lon, ST_Y(g.settlement) AS lat FROM village_groups g
      WHERE NOT EXISTS (SELECT 1 FROM water_source_groups a WHERE a.group_code = g.code)
        AND NOT EXISTS (SELECT 1 FROM water_sources w WHERE ST_Contains(w.service_area, g.settlement)) ORDER BY g.code LIMIT 1`);
    const sources = (await call('GET', '/api/checks/layers/water_sources', 'viewer')).body.features as Json[];
    const source = sources.find((f) => ['water.quality', 'water.quantity', 'water.access', 'water.reliability'].every((r) => f.properties[r] === 'pass'))!;
    const id = source.properties.id;
    const path = `/api/water/sources/${id}/service-area`;
    const before = await groupTier(unserved.code);
    expect(before).toBe('unsafe');
    const loaded = await call('GET', path, 'viewer');
    expect(loaded.status).toBe(200);
    const d = 0.002;
    const square = (lon: number, lat: number, r: number) => ({ type: 'Polygon', coordinates: [[[lon - r, lat - r], [lon + r, lat - r], [lon + r, lat + r], [lon - r, lat + r], [lon - r, lat - r]]] });
    const around = square(unserved.lon, unserved.lat, d);

    expect((await call('PUT', path, 'editor-water', { geometry: around })).status).toBe(428);
    expect((await call('PUT', path, 'editor-roads', { geometry: around }, { 'if-match': loaded.etag! })).status).toBe(403);
    const bowtie = { type: 'Polygon', coordinates: [[[unserved.lon - d, unserved.lat - d], [unserved.lon + d, unserved.lat + d], [unserved.lon + d, unserved.lat - d], [unserved.lon - d, unserved.lat + d], [unserved.lon - d, unserved.lat - d]]] };
    const invalid = await call('PUT', path, 'editor-water', { geometry: bowtie }, { 'if-match': loaded.etag! });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.message).toMatch(/无效|Invalid/);
    expect((await call('PUT', path, 'editor-water', { geometry: square(unserved.lon, unserved.lat, 0.5) }, { 'if-match': loaded.etag! })).body.error.code).toBe('area_too_large');
    expect((await call('PUT', path, 'editor-water', { geometry: { type: 'Point', coordinates: [unserved.lon, unserved.lat] } }, { 'if-match': loaded.etag! })).status).toBe(422);

    const saved = await call('PUT', path, 'editor-water', { geometry: around }, { 'if-match': loaded.etag! });
    expect(saved.status).toBe(200);
    expect(saved.body.geometry.type).toBe('MultiPolygon');
    expect(['safe', 'basically_safe']).toContain(await groupTier(unserved.code));
    expect((await call('PUT', path, 'editor-water', { geometry: null }, { 'if-match': loaded.etag! })).status).toBe(412);

    const [entry] = (await call('GET', `/api/admin/audit?layer=water_service_area&feature=${id}`, 'admin')).body.entries as Json[];
    expect(entry.changed).toEqual(['geometry']);
    expect((await call('POST', `/api/admin/audit/${entry.id}/revert`, 'admin')).status).toBe(200);
    expect((await call('GET', path, 'viewer')).body.geometry).toEqual(loaded.body.geometry);
    expect(await groupTier(unserved.code)).toBe('unsafe');
  });
});

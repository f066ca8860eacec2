import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaderFor, createJsonCaller, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

describe.each(TEST_DRIVERS)('a village\'s power, TV and broadband on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const auth: Record<string, { authorization: string }> = {};
  const call = createJsonCaller((path, init) => app.request(path, init), auth);
  const verdict = async (code: string, rule: string) => ((await call('GET', `/api/checks/subjects/village/${code}`, 'viewer')).body.verdicts as Json[]).find((v) => v.ruleId === rule)!;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'editor-roads', 'editor-water', 'admin']) auth[u] = await authHeaderFor(app.request, u);
  });
  afterAll(() => database?.close());

  it('a lower power share fails the power rule; stale, invalid and unauthorised changes are refused; the admin can undo it', async () => {
    const villages = (await call('GET', '/api/checks/layers/villages?rule=village.power&verdict=pass', 'viewer')).body.features as Json[];
    const code = String(villages[0].properties.id);
    const path = `/api/villages/${code}/services`;
    const loaded = await call('GET', path, 'viewer');
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({ villageCode: code, villageName: villages[0].properties.name, year: expect.any(Number) });
    expect(loaded.etag).toBe(`"v${loaded.body.version}"`);
    const original = loaded.body.powerCoveragePct;

    expect((await call('PATCH', path, 'editor-roads', { powerCoveragePct: 50 })).status).toBe(428);
    expect((await call('PATCH', path, 'editor-water', { powerCoveragePct: 50 }, { 'if-match': loaded.etag! })).status).toBe(403);
    expect((await call('PATCH', path, 'viewer', { powerCoveragePct: 50 }, { 'if-match': loaded.etag! })).status).toBe(403);
    const invalid = await call('PATCH', path, 'editor-roads', { powerCoveragePct: 140, households: 3 }, { 'if-match': loaded.etag! });
    expect(invalid.status).toBe(422);
    expect((invalid.body.error.details as Json[]).map((d) => d.field).sort()).toEqual(['', 'powerCoveragePct']);
    expect((await call('GET', '/api/villages/999999999999/services', 'admin')).status).toBe(404);
    // Outside the viewer's county: refused, without saying whether such a village exists.
    expect((await call('GET', '/api/villages/999999999999/services', 'viewer')).status).toBe(403);

    const saved = await call('PATCH', path, 'editor-roads', { powerCoveragePct: 50 }, { 'if-match': loaded.etag! });
    expect(saved.status).toBe(200);
    expect(saved.body.services).toMatchObject({ powerCoveragePct: 50, version: loaded.body.version + 1 });
    expect((await verdict(code, 'village.power')).verdict).toBe('fail');
    expect((await call('PATCH', path, 'editor-roads', { powerCoveragePct: 60 }, { 'if-match': loaded.etag! })).status).toBe(412);

    const [entry] = (await call('GET', `/api/admin/audit?layer=village_services&feature=${code}`, 'admin')).body.entries as Json[];
    expect(entry).toMatchObject({ username: 'editor-roads', changed: expect.arrayContaining(['powerCoveragePct']) });
    expect((await call('POST', `/api/admin/audit/${entry.id}/revert`, 'admin')).status).toBe(200);
    expect((await call('GET', path, 'viewer')).body.powerCoveragePct).toBe(original);
    expect((await verdict(code, 'village.power')).verdict).toBe('pass');
  });
});

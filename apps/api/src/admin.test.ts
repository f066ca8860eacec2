import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaderFor, createJsonCaller, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const JIGESITAI = '150525100200'; // 吉格斯台嘎查: incidence 2.6 %, fails 2 % and passes the western 3 %

describe.each(TEST_DRIVERS)('administration API on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const as: Record<string, { authorization: string }> = {};
  const call = createJsonCaller((path, init) => app.request(path, init), as);
  /** Polls a job until it ends. */
  const finished = async (jobId: string) => {
    for (let i = 0; i < 600; i++) {
      const job = (await call('GET', `/api/admin/jobs/${jobId}`, 'admin')).body;
      if (job.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('job did not finish');
  };
  const incidence = async (query = '') => {
    const sheet = (await call('GET', `/api/checks/villages/${JIGESITAI}${query}`, 'viewer')).body;
    return { verdict: sheet.verdicts.find((v: Json) => v.ruleId === 'village.incidence').verdict, profile: sheet.profile };
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'editor-water', 'admin']) as[u] = await authHeaderFor(app.request, u);
  });
  afterAll(() => database?.close());

  it('is for administrators only', async () => {
    const routes: Array<[string, string]> = [
      ['GET', '/api/admin/settings'], ['PATCH', '/api/admin/settings'], ['PATCH', '/api/admin/settings/check-distances'],
      ['PUT', '/api/admin/counties/150525000000'], ['GET', '/api/admin/jobs/x'], ['GET', '/api/admin/audit'], ['GET', '/api/admin/audit.csv'],
      ['POST', '/api/admin/audit/1/revert'], ['PATCH', '/api/standards/profiles/1'], ['POST', '/api/standards/profiles/2/activate'],
    ];
    for (const [method, url] of routes) {
      const body = method === 'GET' ? undefined : {};
      expect((await call(method, url, null, body)).status, `${method} ${url} anonymous`).toBe(401);
      for (const user of ['viewer', 'editor-water']) expect((await call(method, url, user, body)).status, `${method} ${url} ${user}`).toBe(403);
    }
  });

  it('edits a copied profile within each threshold\'s range, shows its difference, and freezes profiles in use', async () => {
    const fields = (await call('GET', '/api/standards/threshold-fields', 'viewer')).body.fields as Json[];
    expect(fields.find((f) => f.path === 'village.incidenceMaxPct')).toMatchObject({ labelZh: '贫困发生率上限', kind: 'number', min: 0, max: 20 });
    const copy = await call('POST', '/api/standards/profiles', 'admin', { basedOnId: 1, key: 'county-test', nameZh: '本县试行', nameEn: 'County trial' });
    expect(copy.status).toBe(201);
    const outOfRange = await call('PATCH', `/api/standards/profiles/${copy.body.id}`, 'admin', { changes: { village: { incidenceMaxPct: 45 }, road: { groupMinHouseholds: 2.5 } } });
    expect(outOfRange.status).toBe(422);
    expect(outOfRange.body.error.details.map((d: Json) => d.field).sort()).toEqual(['road.groupMinHouseholds', 'village.incidenceMaxPct']);
    expect(outOfRange.body.error.details[0].problem).toBeTruthy();
    const typo = await call('PATCH', `/api/standards/profiles/${copy.body.id}`, 'admin', { changes: { village: { incidenceMax: 3 } } });
    expect(typo.status).toBe(422);
    expect(typo.body.error.details).toEqual([{ field: 'village.incidenceMax', problem: 'no such threshold' }]);
    const edited = await call('PATCH', `/api/standards/profiles/${copy.body.id}`, 'admin', { nameZh: '本县试行（公交 3 公里）', changes: { village: { busMaxKm: 3 } } });
    expect(edited.status).toBe(200);
    expect(edited.body.thresholds.village.busMaxKm).toBe(3);
    const diff = await call('GET', `/api/standards/profiles/${copy.body.id}/diff`, 'viewer');
    expect(diff.body).toMatchObject({ against: { id: 1 }, changes: [{ path: 'village.busMaxKm', from: 2, to: 3 }] });
    const inUse = await call('PATCH', '/api/standards/profiles/1', 'admin', { changes: { village: { busMaxKm: 3 } } });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.code).toBe('profile_in_use');
    expect((await call('GET', '/api/standards/profiles/999/diff', 'viewer')).status).toBe(404);
  });

  it('activates a profile by re-checking the county with progress; results carry it, earlier ones stay readable', async () => {
    const before = await incidence();
    expect(before).toMatchObject({ verdict: 'fail', profile: { key: 'national-2015' } });
    const profiles = (await call('GET', '/api/standards/profiles', 'admin')).body.profiles as Json[];
    const western = profiles.find((p) => p.key === 'western-2015')!;
    const started = await call('POST', `/api/standards/profiles/${western.id}/activate`, 'admin');
    expect(started.status).toBe(202);
    expect(started.body.job).toMatchObject({ kind: 'activate-profile', state: 'running' });
    expect((await call('POST', `/api/standards/profiles/${western.id}/activate`, 'admin')).status).toBe(409);
    const job = await finished(started.body.job.id);
    expect(job).toMatchObject({ state: 'done', progress: { fraction: 1 }, result: { profile: { key: 'western-2015' }, counties: 1 } });
    expect(job.result.results).toBeGreaterThan(1000);
    expect(await incidence()).toMatchObject({ verdict: 'pass', profile: { id: western.id } });
    expect(await incidence('?profile=1')).toMatchObject({ verdict: 'fail', profile: { id: 1 } });
    const summary = (await call('GET', '/api/checks/summary', 'viewer')).body;
    expect(summary.profile).toMatchObject({ key: 'western-2015' });
    expect((await call('GET', `/api/standards/profiles/${western.id}`, 'viewer')).body).toMatchObject({ isActive: true, inUse: true });
    // The switch is in the audit log: who, which profile was in use before, which is now.
    const [switched] = (await call('GET', `/api/admin/audit?layer=profiles&feature=${western.id}&action=activate`, 'admin')).body.entries as Json[];
    expect(switched).toMatchObject({ username: 'admin', before: { properties: { key: 'national-2015' } }, after: { properties: { key: 'western-2015' } } });
    // Back to the default for the tests that follow.
    await finished((await call('POST', '/api/standards/profiles/1/activate', 'admin')).body.job.id);
    expect(await incidence()).toMatchObject({ verdict: 'fail', profile: { id: 1 } });
  });

  it('changes check distances as a new version of the active profile, judged and activated', async () => {
    const settings = (await call('GET', '/api/admin/settings', 'admin')).body;
    expect(settings.checkDistances).toMatchObject({ reachM: 50, groupMinHouseholds: 30, profile: { key: 'national-2015', version: 1 } });
    const tooFar = await call('PATCH', '/api/admin/settings/check-distances', 'admin', { reachM: 5000 });
    expect(tooFar.status).toBe(422);
    expect(tooFar.body.error.details[0].field).toBe('road.reachM');
    const changed = await call('PATCH', '/api/admin/settings/check-distances', 'admin', { reachM: 80, groupMinHouseholds: 20 });
    expect(changed.status).toBe(202);
    expect(changed.body.profile).toMatchObject({ key: 'national-2015', version: 2, basedOnId: 1 });
    expect((await finished(changed.body.job.id)).state).toBe('done');
    const after = (await call('GET', '/api/admin/settings', 'admin')).body;
    expect(after.checkDistances).toMatchObject({ reachM: 80, groupMinHouseholds: 20, profile: { key: 'national-2015', version: 2 } });
    expect((await call('PATCH', '/api/admin/settings/check-distances', 'admin', { reachM: 80 })).body.job).toBeNull();
    await finished((await call('POST', '/api/standards/profiles/1/activate', 'admin')).body.job.id);
  });

  it('turns public read-only access on and off, and sets the basemap', async () => {
    expect((await call('GET', '/api/regions/towns', null)).status).toBe(401);
    expect((await call('PATCH', '/api/admin/settings', 'admin', { publicRead: true })).body.publicRead).toBe(true);
    expect((await call('GET', '/api/regions/towns', null)).status).toBe(200);
    expect((await call('PATCH', '/api/regions/towns', null, {})).status).not.toBe(200);
    await call('PATCH', '/api/admin/settings', 'admin', { publicRead: false });
    expect((await call('GET', '/api/regions/towns', null)).status).toBe(401);

    const badKey = await call('PATCH', '/api/admin/settings', 'admin', { basemap: { kind: 'tianditu', key: 'no spaces!' } });
    expect(badKey.status).toBe(400);
    expect(badKey.body.error.details[0].field).toBe('basemap.key');
    const noPlaceholders = await call('PATCH', '/api/admin/settings', 'admin', { basemap: { kind: 'xyz', url: 'https://tiles.example/tile.png' } });
    expect(noPlaceholders.status).toBe(400);
    await call('PATCH', '/api/admin/settings', 'admin', { basemap: { kind: 'tianditu', key: 'abcdef0123456789' } });
    const config = (await call('GET', '/api/config', null)).body;
    expect(config.basemap.tiles[0]).toContain('tk=abcdef0123456789');
    await call('PATCH', '/api/admin/settings', 'admin', { basemap: { kind: 'style', url: 'https://styles.example/cuntu.json' } });
    expect((await call('GET', '/api/config', null)).body.basemap).toEqual({ styleUrl: 'https://styles.example/cuntu.json' });
    await call('PATCH', '/api/admin/settings', 'admin', { basemap: { kind: 'none' } });
    expect((await call('GET', '/api/config', null)).body.basemap).toBeNull();
  });

  it('renames the county and replaces its boundary from a GeoJSON file, refusing invalid ones with the reason', async () => {
    const counties = (await call('GET', '/api/regions/counties', 'viewer')).body;
    const county = counties.features[0];
    const code = county.properties.code as string;
    const bowtie = { type: 'Polygon', coordinates: [[[120, 42], [121, 43], [121, 42], [120, 43], [120, 42]]] };
    const invalid = await call('PUT', `/api/admin/counties/${code}`, 'admin', { boundary: { type: 'Feature', properties: {}, geometry: bowtie } });
    expect(invalid.status).toBe(422);
    expect(invalid.body.error.message).toMatch(/intersection/i);
    expect((await call('PUT', `/api/admin/counties/${code}`, 'admin', { boundary: { type: 'Point', coordinates: [120, 42] } })).status).toBe(422);
    expect((await call('PUT', '/api/admin/counties/150599000000', 'admin', { name: '新旗' })).status).toBe(422);

    // A box around only part of the county leaves villages outside: the answer says how many.
    const part = { type: 'FeatureCollection', features: [{ type: 'Feature', properties: {}, geometry: { type: 'Polygon', coordinates: [[[120.5, 42.6], [120.9, 42.6], [120.9, 43], [120.5, 43], [120.5, 42.6]]] } }] };
    const shrunk = await call('PUT', `/api/admin/counties/${code}`, 'admin', { name: '奈曼旗（测试）', boundary: part });
    expect(shrunk.status).toBe(200);
    expect(shrunk.body.county.villagesOutside).toBeGreaterThan(0);
    expect((await finished(shrunk.body.job.id)).state).toBe('done');
    expect((await call('GET', '/api/regions/counties', 'viewer')).body.features[0].properties.name).toBe('奈曼旗（测试）');
    const restored = await call('PUT', `/api/admin/counties/${code}`, 'admin', { name: county.properties.name, boundary: county.geometry });
    expect(restored.body.county.villagesOutside).toBe(0);
    await finished(restored.body.job.id);
  });

  it('records every administrative change in the audit log — accounts, profiles, settings, the county — read there, changed back on their own screens', async () => {
    const entries = async (layer: string, feature: string) => (await call('GET', `/api/admin/audit?layer=${layer}&feature=${encodeURIComponent(feature)}`, 'admin')).body.entries as Json[];
    const account = await call('POST', '/api/admin/users', 'admin', { username: 'audit.probe', password: 'Temporary-pass-9', roles: ['viewer'] });
    expect(account.status).toBe(201);
    expect((await call('PATCH', `/api/admin/users/${account.body.id}`, 'admin', { disabled: true })).status).toBe(200);
    expect((await call('POST', `/api/admin/users/${account.body.id}/reset-password`, 'admin', { password: 'Another-pass-10' })).status).toBe(204);
    const accountLog = await entries('accounts', 'audit.probe');
    expect(accountLog.map((e) => e.action)).toEqual(['reset_password', 'update', 'create']);
    expect(accountLog[1]).toMatchObject({ username: 'admin', changed: ['disabled'], before: { properties: { disabled: false } }, after: { properties: { disabled: true } } });
    expect(JSON.stringify(accountLog)).not.toMatch(/Temporary-pass-9|Another-pass-10|hash/i);

    const copy = await call('POST', '/api/standards/profiles', 'admin', { basedOnId: 1, key: 'audit-probe', nameZh: '审计测试', nameEn: 'Audit probe' });
    expect(copy.status).toBe(201);
    expect((await call('PATCH', `/api/standards/profiles/${copy.body.id}`, 'admin', { changes: { village: { incidenceMaxPct: 2.5 } } })).status).toBe(200);
    const profileLog = await entries('profiles', String(copy.body.id));
    expect(profileLog.map((e) => e.action)).toEqual(['update', 'create']);
    expect(profileLog[0]).toMatchObject({ changed: ['village.incidenceMaxPct'], before: { properties: { 'village.incidenceMaxPct': 2 } }, after: { properties: { 'village.incidenceMaxPct': 2.5 } } });

    expect((await call('PATCH', '/api/admin/settings', 'admin', { publicRead: true })).status).toBe(200);
    expect((await call('PATCH', '/api/admin/settings', 'admin', { publicRead: false })).status).toBe(200);
    const settingsLog = await entries('settings', 'runtime');
    expect(settingsLog.slice(0, 2).map((e) => [e.changed, e.after.properties.publicRead])).toEqual([[['publicRead'], false], [['publicRead'], true]]);

    const county = (await call('GET', '/api/regions/counties', 'viewer')).body.features[0].properties;
    expect((await call('PUT', `/api/admin/counties/${county.code}`, 'admin', { name: county.name })).status).toBe(200);
    expect((await entries('counties', county.code))[0]).toMatchObject({ action: 'update', username: 'admin', after: { properties: { name: county.name } } });

    // Read in the log, not undone from it.
    const refused = await call('POST', `/api/admin/audit/${settingsLog[0].id}/revert`, 'admin', undefined, { 'accept-language': 'zh-CN' });
    expect([refused.status, refused.body.error.code]).toEqual([422, 'not_undoable']);
    expect(refused.body.error.message).toContain('系统设置');
  });

  it('reviews the audit log by user, layer, feature and action, exports it, and reverts a change (itself audited)', async () => {
    const { headers } = await call('GET', '/api/features/water_sources/3', 'editor-water');
    const original = (await call('GET', '/api/features/water_sources/3', 'editor-water')).body;
    const edit = await call('PATCH', '/api/features/water_sources/3', 'editor-water', { properties: { name: '审计测试水源', reliabilityPct: 42 } }, { 'if-match': headers.get('etag')! });
    expect(edit.status).toBe(200);
    const log = await call('GET', '/api/admin/audit?user=editor-water&layer=water_sources&feature=3&action=update', 'admin');
    expect(log.body.total).toBe(1);
    const entry = log.body.entries[0];
    expect(entry).toMatchObject({ username: 'editor-water', layer: 'water_sources', featureId: '3', action: 'update' });
    expect(entry.changed.sort()).toEqual(['name', 'reliabilityPct']);
    expect(entry.before.properties.name).toBe(original.properties.name);
    expect(entry.after.properties.name).toBe('审计测试水源');
    expect(log.body.users).toContain('editor-water');
    expect((await call('GET', '/api/admin/audit?from=2999-01-01', 'admin')).body.total).toBe(0);
    expect((await call('GET', '/api/admin/audit?from=yesterday', 'admin')).status).toBe(400);

    const csv = await call('GET', '/api/admin/audit.csv?layer=water_sources&feature=3', 'admin');
    expect(csv.headers.get('content-type')).toContain('text/csv');
    const lines = (csv.body as unknown as string).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(lines[0]).toBe('id,at,user,layer,feature,action,import,changed,before,after');
    expect(lines).toHaveLength(2);
    expect(lines[1]).toContain('审计测试水源');

    const reverted = await call('POST', `/api/admin/audit/${entry.id}/revert`, 'admin');
    expect(reverted.status).toBe(200);
    const now = (await call('GET', '/api/features/water_sources/3', 'viewer')).body;
    expect(now.properties.name).toBe(original.properties.name);
    expect(now.properties.reliabilityPct).toBe(original.properties.reliabilityPct);
    const revertEntry = (await call('GET', '/api/admin/audit?feature=3&layer=water_sources&action=revert', 'admin')).body.entries[0];
    expect(revertEntry).toMatchObject({ username: 'admin', action: 'revert' });

    // Undoing a creation deletes the feature again.
    const created = await call('POST', '/api/features/water_sources', 'editor-water', { geometry: original.geometry, properties: { name: '临时水源', kind: 'well' } });
    expect(created.status).toBe(201);
    const creation = (await call('GET', `/api/admin/audit?layer=water_sources&feature=${created.body.id}&action=create`, 'admin')).body.entries[0];
    expect((await call('POST', `/api/admin/audit/${creation.id}/revert`, 'admin')).status).toBe(200);
    expect((await call('GET', `/api/features/water_sources/${created.body.id}`, 'viewer')).status).toBe(404);
    expect((await call('POST', `/api/admin/audit/${creation.id}/revert`, 'admin')).status).toBe(409);
    expect((await call('POST', '/api/admin/audit/99999999/revert', 'admin')).status).toBe(404);
  });
});

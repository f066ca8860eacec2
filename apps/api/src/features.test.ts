import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DEMO_USERS } from '@cuntu/auth';
import { canSeePersonalData, canWriteLayer, LAYER_IDS, type LayerId, type Principal, type Role, type EditorTeam } from '@cuntu/domain';
import { authHeaderFor, createJsonCaller, openTestDatabase, phonePhoto, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const USERS = ['viewer', 'leader', 'editor-roads', 'editor-water', 'editor-housing', 'admin'] as const;
const principal = (username: string): Principal => {
  const u = DEMO_USERS.find((d) => d.username === username)!;
  return { id: 0, username, roles: u.roles as Role[], editorTeams: u.editorTeams as EditorTeam[], region: null };
};

describe.each(TEST_DRIVERS)('the features API on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const auth: Record<string, { authorization: string }> = {};
  const call = createJsonCaller((path, init) => app.request(path, init), auth);
  const count = async (table: string) => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)}`))[0].n;

  /** A new, valid feature for a layer, modelled on an existing one. */
  const newFeature = async (layer: LayerId, suffix: number) => {
    const { body } = await call('GET', `/api/features/${layer}?limit=1`, 'admin');
    const { geometry, properties } = body.features[0];
    const rest: Json = { ...properties };
    for (const system of ['id', 'version', 'updatedAt', 'updatedBy']) delete rest[system];
    for (const key of ['externalId']) if (key in rest) rest[key] = `TEST-${layer}-${suffix}-${Date.now()}`;
    if (layer === 'towns') rest.code = `${rest.code.slice(0, 6)}${900 + (suffix % 100)}000`;
    if (layer === 'villages') rest.code = `${rest.townCode.slice(0, 9)}9${String(suffix).padStart(2, '0')}`;
    if (layer === 'groups') rest.code = `${rest.villageCode}9${String(suffix).padStart(2, '0')}`;
    return { type: 'Feature', geometry, properties: rest };
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of USERS) auth[u] = await authHeaderFor(app.request, u);
  });
  afterAll(() => database?.close());

  describe('authorization matrix: every role × layer × read / create / update / replace / delete, REST and OGC', () => {
    let serial = 0;
    for (const layer of LAYER_IDS) {
      it(`${layer}`, async () => {
        const anonymous = await call('GET', `/api/features/${layer}?limit=1`, null);
        expect(anonymous.status).toBe(401);
        expect((await call('GET', `/ogc/collections/${layer}/items?limit=1`, null)).status).toBe(401);
        for (const user of USERS) {
          const allowed = canWriteLayer(principal(user), layer);
          for (const [protocol, base] of [['REST', `/api/features/${layer}`], ['OGC', `/ogc/collections/${layer}/items`]] as const) {
            const label = `${protocol} ${user} ${layer}`;
            const read = await call('GET', `${base}?limit=2`, user);
            expect(read.status, `${label} read`).toBe(200);
            const existing = read.body.features[0];
            const one = await call('GET', `${base}/${existing.id}`, user);
            expect(one.status, `${label} read one`).toBe(200);
            const created = await call('POST', base, user, await newFeature(layer, ++serial));
            expect(created.status, `${label} create: ${JSON.stringify(created.body)}`).toBe(allowed ? 201 : 403);
            const target = allowed ? created : one;
            const patched = await call('PATCH', `${base}/${target.body.id}`, user, { properties: {} }, { 'if-match': target.etag! });
            expect(patched.status, `${label} update`).toBe(allowed ? 200 : 403);
            const replacement = { geometry: target.body.geometry, properties: Object.fromEntries(Object.entries(target.body.properties).filter(([k]) => !['id', 'version', 'updatedAt', 'updatedBy'].includes(k))) };
            const replaced = await call('PUT', `${base}/${target.body.id}`, user, replacement, { 'if-match': allowed ? patched.etag! : target.etag! });
            expect(replaced.status, `${label} replace: ${JSON.stringify(replaced.body)}`).toBe(allowed ? 200 : 403);
            const removed = await call('DELETE', `${base}/${target.body.id}`, user, undefined, { 'if-match': allowed ? replaced.etag! : target.etag! });
            expect(removed.status, `${label} delete`).toBe(allowed ? 204 : 403);
            if (allowed) expect((await call('GET', `${base}/${target.body.id}`, user)).status).toBe(404);
          }
        }
      });
    }
  });

  it('keeps division codes nested: a village under its town, a group under its village, a house\'s group in its village', async () => {
    const [village] = (await call('GET', '/api/features/villages?limit=1', 'viewer')).body.features as Json[];
    const { code, townCode } = village.properties;
    const at = village.geometry;
    const otherTown = `${townCode.slice(0, 6)}${String(Number(townCode.slice(6, 9)) + 1).padStart(3, '0')}000`;
    const stray = await call('POST', '/api/features/villages', 'admin', { geometry: at, properties: { code: `${otherTown.slice(0, 9)}999`, townCode, name: '测试村', kind: 'village' } }, { 'accept-language': 'zh-CN' });
    expect(stray.status).toBe(422);
    expect(stray.body.error.details).toEqual([{ field: 'code', problem: `代码 ${otherTown.slice(0, 9)}999 不在所属乡镇 ${townCode} 之下（前 9 位须相同）` }]);
    const group = await call('POST', '/api/features/groups', 'admin', { geometry: at, properties: { code: '150525999999001', villageCode: code, name: '测试组' } }, { 'accept-language': 'en' });
    expect([group.status, group.body.error.details[0].field]).toEqual([422, 'code']);
    const house = await call('POST', '/api/features/houses', 'editor-housing', { geometry: at, properties: { villageCode: code, groupCode: '150525999999001' } });
    expect([house.status, house.body.error.details[0].field]).toEqual([422, 'groupCode']);
  });

  it('never returns household personal data to roles that may not see it, through REST or OGC', async () => {
    for (const user of USERS) {
      const may = canSeePersonalData(principal(user));
      for (const path of ['/api/features/houses?limit=20', '/ogc/collections/houses/items?limit=20']) {
        const { body } = await call('GET', path, user);
        for (const f of body.features) {
          expect('headName' in f.properties, `${user} ${path}`).toBe(may);
          expect('headIdNumber' in f.properties).toBe(may);
          expect('headPhone' in f.properties).toBe(may);
        }
      }
      const one = await call('GET', '/api/features/houses/1', user);
      expect('headIdNumber' in one.body.properties).toBe(may);
      const history = await call('GET', '/api/features/houses/1/history', user);
      expect(history.status).toBe(200);
      expect(JSON.stringify(history.body)).not.toContain(may ? 'never-there' : '"headIdNumber"');
    }
    expect((await call('GET', '/api/features/houses?headName=x', 'viewer')).status).toBe(403);
    expect((await call('PATCH', '/api/features/houses/1', 'admin', { properties: { headPhone: '13900000000' } }, { 'if-match': '"v1"' })).status).toBe(200);
  });

  it('requires If-Match (428), refuses a stale one (412) and changes nothing then', async () => {
    const { body, etag } = await call('GET', '/api/features/roads/10', 'editor-roads');
    const missing = await call('PATCH', '/api/features/roads/10', 'editor-roads', { properties: { name: 'x' } });
    expect(missing.status).toBe(428);
    expect(missing.body.error.code).toBe('precondition_required');
    const fresh = await call('PATCH', '/api/features/roads/10', 'editor-roads', { properties: { name: '第一次' } }, { 'if-match': etag! });
    expect(fresh.status).toBe(200);
    const stale = await call('PATCH', '/api/features/roads/10', 'editor-roads', { properties: { name: '第二次' } }, { 'if-match': etag! });
    expect(stale.status).toBe(412);
    expect(stale.body.error.details).toEqual({ currentVersion: body.properties.version + 1, yourVersion: body.properties.version });
    expect((await call('DELETE', '/api/features/roads/10', 'editor-roads', undefined, { 'if-match': etag! })).status).toBe(412);
    const after = await call('GET', '/api/features/roads/10', 'viewer');
    expect(after.body.properties.name).toBe('第一次');
  });

  it('takes If-Match: * as "whatever version is current", as desktop clients send it, through REST and OGC', async () => {
    const before = await call('GET', '/api/features/roads/11', 'viewer');
    const rest = await call('PATCH', '/api/features/roads/11', 'editor-roads', { properties: { name: '任意版本' } }, { 'if-match': '*' });
    expect(rest.status).toBe(200);
    expect(rest.body.properties).toMatchObject({ name: '任意版本', version: before.body.properties.version + 1 });
    const ogc = await call('PATCH', '/ogc/collections/roads/items/11', 'editor-roads', { properties: { name: '任意版本二' } }, { 'if-match': ' * ' });
    expect(ogc.status).toBe(200);
    expect(ogc.etag).toBe(`"v${before.body.properties.version + 2}"`);
    expect((await call('PATCH', '/api/features/roads/11', 'editor-roads', { properties: {} }, { 'if-match': '*x' })).status).toBe(400);
    expect((await call('PATCH', '/api/features/roads/999999', 'editor-roads', { properties: {} }, { 'if-match': '*' })).status).toBe(404);
  });

  it('says what went wrong in the language the client asks for (Chinese by default), beside the same code', async () => {
    const chinese = await call('PATCH', '/api/features/roads/10', 'editor-roads', { properties: { name: 'x' } });
    const english = await call('PATCH', '/api/features/roads/10', 'editor-roads', { properties: { name: 'x' } }, { 'accept-language': 'en-GB,en;q=0.9' });
    expect([chinese.status, english.status]).toEqual([428, 428]);
    expect(english.body.error.code).toBe(chinese.body.error.code);
    expect(chinese.body.error.message).toBe('修改须带 If-Match（要素的 ETag）');
    expect(english.body.error.message).toBe('Send If-Match with the feature\'s ETag');
    // A layer named in a message is named in the same language.
    const forbiddenZh = await call('PATCH', '/api/features/houses/1', 'editor-roads', { properties: { householdSize: 2 } }, { 'if-match': '"v1"' });
    const forbiddenEn = await call('PATCH', '/api/features/houses/1', 'editor-roads', { properties: { householdSize: 2 } }, { 'if-match': '"v1"', 'accept-language': 'en' });
    expect([forbiddenZh.status, forbiddenEn.status]).toEqual([403, 403]);
    expect(forbiddenZh.body.error.message).toBe('无权编辑「危房」图层');
    expect(forbiddenEn.body.error.message).toBe('You may not edit the Dilapidated houses layer');
    // Each field's problem too: what is wrong and what is expected, not the validator's English.
    const { etag } = await call('GET', '/api/features/roads/10', 'editor-roads');
    const invalid = { properties: { roadClass: 'lane', widthM: 0 } };
    const invalidZh = await call('PATCH', '/api/features/roads/10', 'editor-roads', invalid, { 'if-match': etag! });
    const invalidEn = await call('PATCH', '/api/features/roads/10', 'editor-roads', invalid, { 'if-match': etag!, 'accept-language': 'en' });
    expect(invalidZh.status).toBe(422);
    expect(invalidZh.body.error.details).toEqual([{ field: 'roadClass', problem: '请选择：国省干线、县道、乡道、村道、组道' }, { field: 'widthM', problem: '须大于 0' }]);
    expect(invalidEn.body.error).toMatchObject({ code: 'invalid_properties', message: 'Some properties are invalid' });
    expect(invalidEn.body.error.details[1]).toEqual({ field: 'widthM', problem: 'Above 0' });
  });

  it('loses no update under concurrent editors: one write per version wins, every stale one is refused', async () => {
    for (let round = 0; round < 3; round++) {
      const { etag } = await call('GET', '/api/features/water_sources/5', 'editor-water');
      const attempts = await Promise.all(Array.from({ length: 8 }, (_, i) =>
        call('PATCH', '/api/features/water_sources/5', 'editor-water', { properties: { name: `并发 ${round}-${i}` } }, { 'if-match': etag! })));
      const accepted = attempts.filter((a) => a.status === 200);
      expect(accepted).toHaveLength(1);
      expect(attempts.filter((a) => a.status === 412)).toHaveLength(7);
      const stored = await call('GET', '/api/features/water_sources/5', 'viewer');
      expect(stored.body.properties.name).toBe(accepted[0].body.properties.name);
      expect(stored.etag).toBe(accepted[0].etag);
    }
    const audit = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE layer = 'water_sources' AND feature_id = '5'`);
    expect(audit[0].n).toBe(3);
  });

  describe('geometry validation: a 4xx with its reason, and nothing written', () => {
    const house = async () => (await newFeature('houses', 0)).properties;
    const cases: Array<[string, () => Promise<unknown>, number, string]> = [
      ['missing', async () => ({ properties: await house() }), 422, 'invalid_geometry'],
      ['wrong type', async () => ({ geometry: { type: 'LineString', coordinates: [[120.9, 42.9], [121, 43]] }, properties: await house() }), 422, 'wrong_geometry_type'],
      ['empty', async () => ({ geometry: { type: 'Point', coordinates: [] }, properties: await house() }), 422, 'empty_geometry'],
      ['out of range', async () => ({ geometry: { type: 'Point', coordinates: [200, 42.9] }, properties: await house() }), 422, 'coordinates_out_of_range'],
      ['latitude and longitude swapped', async () => ({ geometry: { type: 'Point', coordinates: [42.9, 120.9] }, properties: await house() }), 422, 'lat_lon_swapped'],
      ['far outside the county', async () => ({ geometry: { type: 'Point', coordinates: [116.4, 39.9] }, properties: await house() }), 422, 'outside_county'],
      ['not numbers', async () => ({ geometry: { type: 'Point', coordinates: ['a', 'b'] }, properties: await house() }), 422, 'invalid_coordinates'],
    ];
    it.each(cases)('%s', async (_name, body, status, code) => {
      const before = [await count('houses'), await count('audit_log')];
      const response = await call('POST', '/api/features/houses', 'editor-housing', await body());
      expect(response.status).toBe(status);
      expect(response.body.error.code).toBe(code);
      expect(response.body.error.message.length).toBeGreaterThan(5);
      expect([await count('houses'), await count('audit_log')]).toEqual(before);
    });

    it('invalid (ST_IsValidReason)', async () => {
      const before = await count('roads');
      const road = await newFeature('roads', 99);
      const response = await call('POST', '/api/features/roads', 'editor-roads', { ...road, geometry: { type: 'LineString', coordinates: [[120.9, 42.9], [120.9, 42.9]] } });
      expect(response.status).toBe(422);
      expect(response.body.error.code).toBe('invalid_geometry');
      expect(response.body.error.details.reason).toMatch(/Too few points/i);
      expect(await count('roads')).toBe(before);
    });

    it('invalid properties name each field; unknown references are refused', async () => {
      const road = await newFeature('roads', 98);
      const bad = await call('POST', '/api/features/roads', 'editor-roads', { ...road, properties: { ...road.properties, surface: 'marble', widthM: -2 } });
      expect(bad.status).toBe(422);
      expect(bad.body.error.details.map((d: Json) => d.field).sort()).toEqual(['surface', 'widthM']);
      const orphan = await call('POST', '/api/features/roads', 'editor-roads', { ...road, properties: { ...road.properties, villageCode: '150525999999' } });
      expect(orphan.status).toBe(422);
      expect(orphan.body.error.code).toBe('unknown_reference');
    });
  });

  it('audits every write, serves the history and reverts to an earlier version as an audited write', async () => {
    const created = await call('POST', '/api/features/relocation_sites', 'editor-housing', await newFeature('relocation_sites', 1));
    expect(created.status).toBe(201);
    const id = created.body.id;
    const renamed = await call('PATCH', `/api/features/relocation_sites/${id}`, 'editor-housing', { properties: { name: '改名后的安置点' } }, { 'if-match': created.etag! });
    const history = await call('GET', `/api/features/relocation_sites/${id}/history`, 'viewer');
    expect(history.body.history.map((h: Json) => [h.action, h.username])).toEqual([['create', 'editor-housing'], ['update', 'editor-housing']]);
    expect(history.body.history[1].before.properties.name).toBe(created.body.properties.name);
    expect(history.body.history[1].after.properties.name).toBe('改名后的安置点');
    const reverted = await call('POST', `/api/features/relocation_sites/${id}/revert`, 'editor-housing', { version: 1 }, { 'if-match': renamed.etag! });
    expect(reverted.status).toBe(200);
    expect(reverted.body.properties).toMatchObject({ name: created.body.properties.name, version: 3 });
    const after = await call('GET', `/api/features/relocation_sites/${id}/history`, 'viewer');
    expect(after.body.history.map((h: Json) => h.action)).toEqual(['create', 'update', 'revert']);
    expect((await call('POST', `/api/features/relocation_sites/${id}/revert`, 'viewer', { version: 1 }, { 'if-match': reverted.etag! })).status).toBe(403);
  });

  it('re-evaluates the standards checks of what an edit touches', async () => {
    const [road] = await database.rows<{ id: number }>(sql`SELECT id FROM roads WHERE road_class = 'village' AND width_m >= 4 AND surface = 'asphalt' ORDER BY id LIMIT 1`);
    const before = await call('GET', `/api/checks/subjects/road/${road.id}`, 'viewer');
    expect(before.body.verdicts.find((v: Json) => v.ruleId === 'road.width').verdict).toBe('pass');
    const { etag } = await call('GET', `/api/features/roads/${road.id}`, 'editor-roads');
    const narrowed = await call('PATCH', `/api/features/roads/${road.id}`, 'editor-roads', { properties: { widthM: 3.2, exemption: null } }, { 'if-match': etag! });
    expect(narrowed.body.checks.villages.length).toBeGreaterThan(0);
    const after = await call('GET', `/api/checks/subjects/road/${road.id}`, 'viewer');
    expect(after.body.verdicts.find((v: Json) => v.ruleId === 'road.width')).toMatchObject({ verdict: 'fail', reasonZh: '通村路宽 3.2 米，低于 3.5 米标准' });
  });

  it('lists with bbox, property filters, sorting and paging', async () => {
    const all = await call('GET', '/api/features/roads?surface=gravel&limit=5&sort=-widthM', 'viewer');
    expect(all.body.features.every((f: Json) => f.properties.surface === 'gravel')).toBe(true);
    const widths = all.body.features.map((f: Json) => f.properties.widthM);
    expect(widths).toEqual([...widths].sort((a, b) => b - a));
    const boxed = await call('GET', '/api/features/villages?bbox=120.3,42.7,120.8,43.0&limit=1000', 'viewer');
    expect(boxed.body.total).toBeGreaterThan(0);
    for (const f of boxed.body.features) {
      const [lon, lat] = f.geometry.coordinates;
      expect(lon >= 120.3 && lon <= 120.8 && lat >= 42.7 && lat <= 43.0).toBe(true);
    }
    expect((await call('GET', '/api/features/roads?colour=red', 'viewer')).status).toBe(400);
    expect((await call('GET', '/api/features/roads?bbox=1,2,3', 'viewer')).status).toBe(400);
  });

  it('speaks OGC API Features: landing page, conformance, collections with extents, paged items with next links', async () => {
    const landing = await call('GET', '/ogc', 'viewer');
    expect(landing.body.links.map((l: Json) => l.rel)).toEqual(expect.arrayContaining(['self', 'conformance', 'data', 'service-desc']));
    const conformance = await call('GET', '/ogc/conformance', 'viewer');
    expect(conformance.body.conformsTo).toContain('http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core');
    const collections = await call('GET', '/ogc/collections', 'viewer');
    expect(collections.body.collections.map((c: Json) => c.id)).toEqual(LAYER_IDS);
    expect(collections.body.collections[0].extent.spatial.bbox[0][0]).toBeGreaterThan(119);
    const page = await call('GET', '/ogc/collections/roads/items?limit=10&offset=10', 'viewer');
    expect(page.body).toMatchObject({ type: 'FeatureCollection', numberReturned: 10 });
    expect(page.body.numberMatched).toBeGreaterThan(1000);
    expect(page.body.links.find((l: Json) => l.rel === 'next').href).toContain('offset=20');
    expect(page.body.links.find((l: Json) => l.rel === 'prev').href).toContain('offset=0');
    const openapi = await call('GET', '/api/openapi.json', null);
    expect(openapi.body.openapi).toBe('3.0.3');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/api/features/{layer}', '/api/features/{layer}/{id}', '/ogc/collections']));
    expect(openapi.body.components.schemas.roadsProperties.properties.surface.enum).toContain('gravel');
  });

  it('stores positions with a height (Z) on the map\'s plane through REST and OGC, instead of failing', async () => {
    const source = await newFeature('water_sources', 900);
    const [lon, lat] = source.geometry.coordinates as number[];
    const created = await call('POST', '/api/features/water_sources', 'editor-water', { ...source, geometry: { type: 'Point', coordinates: [lon, lat, 356.2] } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.geometry.coordinates).toEqual([lon, lat]);
    const moved = await call('PATCH', `/api/features/water_sources/${created.body.id}`, 'editor-water', { geometry: { type: 'Point', coordinates: [lon + 0.001, lat, 12] } }, { 'if-match': created.etag! });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.geometry.coordinates).toHaveLength(2);
    expect(moved.body.geometry.coordinates[0]).toBeCloseTo(lon + 0.001, 7);
    const road = await newFeature('roads', 901);
    const line = (road.geometry.coordinates as number[][]).map(([x, y]) => [x, y, 300]);
    const ogc = await call('POST', '/ogc/collections/roads/items', 'editor-roads', { ...road, geometry: { type: 'LineString', coordinates: line } });
    expect(ogc.status, JSON.stringify(ogc.body)).toBe(201);
  });

  it('enforces the renovation workflow on every write path: a house is not accepted without what the house rules read, nor an editor\'s step without its before-and-after photos', async () => {
    const [house] = await database.rows<{ id: number }>(sql`
      UPDATE houses SET renovation_status = 'identified', renovation_path = 'rebuild', safety_rating = 'D', rebuilt_area_m2 = NULL, old_demolished = false
      WHERE id = (SELECT id FROM houses ORDER BY id LIMIT 1) RETURNING id`);
    const current = await call('GET', `/api/features/houses/${house.id}`, 'editor-housing');
    const jump = { renovationStatus: 'accepted' };
    const refused = await call('PATCH', `/api/features/houses/${house.id}`, 'editor-housing', { properties: jump }, { 'if-match': current.etag! });
    expect(refused.status, JSON.stringify(refused.body)).toBe(422);
    expect(refused.body.error.details.map((d: Json) => d.field)).toEqual(expect.arrayContaining(['rebuiltAreaM2', 'oldDemolished']));
    expect(refused.body.error.details.find((d: Json) => d.field === 'oldDemolished').problem).toMatch(/拆除/);
    const ogc = await call('PATCH', `/ogc/collections/houses/items/${house.id}`, 'editor-housing', { properties: jump }, { 'if-match': current.etag! });
    expect(ogc.status).toBe(422);
    const { version, updatedAt, updatedBy, id, ...properties } = current.body.properties; // eslint-disable-line @typescript-eslint/no-unused-vars
    const put = await call('PUT', `/api/features/houses/${house.id}`, 'editor-housing', { type: 'Feature', geometry: current.body.geometry, properties: { ...properties, ...jump } }, { 'if-match': current.etag! });
    expect(put.status).toBe(422);
    const created = await call('POST', '/api/features/houses', 'editor-housing', { type: 'Feature', geometry: current.body.geometry, properties: { ...properties, externalId: `WF-${Date.now()}`, ...jump } });
    expect(created.status).toBe(422);
    const [stored] = await database.rows<{ status: string }>(sql`SELECT renovation_status AS status FROM houses WHERE id = ${house.id}`);
    expect(stored.status).toBe('identified');
    const done = { renovationStatus: 'accepted', householdSize: 3, rebuiltAreaM2: 60, oldDemolished: true };
    // Everything the rules read, but no before-and-after photos (照片资料): acceptance is refused for them.
    const unproven = await call('PATCH', `/api/features/houses/${house.id}`, 'editor-housing', { properties: done }, { 'if-match': current.etag! });
    expect(unproven.status).toBe(422);
    expect(unproven.body.error.details.map((d: Json) => d.problem)).toEqual(expect.arrayContaining([expect.stringContaining('改造前'), expect.stringContaining('改造后')]));
    for (const purpose of ['before', 'after']) {
      const form = new FormData();
      form.append('file', new Blob([new Uint8Array(await phonePhoto())]), `${purpose}.jpg`);
      const kept = await app.request(`/api/attachments?layer=houses&feature=${house.id}&purpose=${purpose}`, { method: 'POST', headers: auth['editor-housing'], body: form });
      expect(kept.status).toBe(201);
    }
    const accepted = await call('PATCH', `/api/features/houses/${house.id}`, 'editor-housing', { properties: done }, { 'if-match': current.etag! });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
  });

  it('judges a relocation site without a village after every write', async () => {
    const site = await newFeature('relocation_sites', 950);
    const created = await call('POST', '/api/features/relocation_sites', 'editor-housing', { ...site, properties: { ...site.properties, villageCode: null, areaPerPersonM2: 30 } });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const verdicts = async () => Object.fromEntries((await database.rows<{ rule_id: string; verdict: string }>(sql`
      SELECT rule_id, verdict FROM check_results WHERE subject_type = 'relocation_site' AND subject_id = ${String(created.body.id)}`)).map((r) => [r.rule_id, r.verdict]));
    expect((await verdicts())['relocation.area']).toBe('fail');
    const changed = await call('PATCH', `/api/features/relocation_sites/${created.body.id}`, 'editor-housing', { properties: { areaPerPersonM2: 20 } }, { 'if-match': created.etag! });
    expect(changed.status).toBe(200);
    expect((await verdicts())['relocation.area']).toBe('pass');
  });

  it('rate-limits failed logins', async () => {
    const attempt = (password: string) => app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'leader', password }) });
    for (let i = 0; i < 5; i++) expect((await attempt('wrong')).status).toBe(401);
    expect((await attempt('wrong')).status).toBe(429);
    expect((await attempt(DEMO_USERS.find((u) => u.username === 'leader')!.password)).status).toBe(429);
  });

  it('ends a disabled user\'s session as soon as the database announces the change', async () => {
    const { status } = await call('GET', '/api/me', 'editor-water');
    expect(status).toBe(200);
    // Written past the API (as another process or a script would): its change notice reaches every process.
    await database.rows(sql`UPDATE users SET disabled = true WHERE username = 'editor-water' RETURNING id`);
    await expect.poll(async () => (await call('GET', '/api/me', 'editor-water')).status, { timeout: 1_000, interval: 10 }).toBe(401);
  });
});

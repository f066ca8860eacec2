import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createAuthRepo } from '@cuntu/auth';
import { loadCountyBoundaries } from '@cuntu/sample-data';
import { tileContaining } from '@cuntu/tiles';
import { authHeaderFor, createJsonCaller, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const NAIMAN = '150525000000';
const PROVINCE = '150000000000';
const PASSWORD = 'Region-test-2026!';

/**
 * A region on every account (issue 21, part 1): the sample county's accounts work in 奈曼旗 and are
 * refused (403) in a second county on every path — features, OGC, imports, exports, tiles, revert, the
 * checks, the audit log and account administration — while a province leader reads both.
 */
describe.each(TEST_DRIVERS)('accounts limited to a region on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let call: ReturnType<typeof createJsonCaller>;
  const auth: Record<string, { authorization: string }> = {};
  /** The second county, its town and village, and a road, a house and a water source in it, made through the API. */
  const other = { county: '', town: '', village: '', road: 0, house: 0, point: [0, 0] as [number, number] };
  let naimanRoad: Json;

  /** A copy of an existing feature of a layer, its system fields dropped, for making one elsewhere. */
  const template = async (layer: string) => {
    const { body } = await call('GET', `/api/features/${layer}?limit=1`, 'admin');
    const { properties } = body.features[0];
    for (const system of ['id', 'version', 'updatedAt', 'updatedBy', 'externalId']) delete properties[system];
    return properties as Json;
  };
  const created = async (layer: string, geometry: Json, properties: Json) => {
    const answer = await call('POST', `/api/features/${layer}`, 'admin', { type: 'Feature', geometry, properties });
    expect(answer.status, JSON.stringify(answer.body)).toBe(201);
    return answer.body;
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    const accounts = createAuthRepo(database);
    await accounts.createUser({ username: 'naiman-admin', password: PASSWORD, roles: ['admin'], region: NAIMAN });
    await accounts.createUser({ username: 'province-leader', password: PASSWORD, roles: ['leader'], region: PROVINCE });
    for (const user of ['editor-roads', 'editor-housing', 'viewer', 'leader', 'admin']) auth[user] = await authHeaderFor(app.request, user);
    for (const user of ['naiman-admin', 'province-leader']) auth[user] = await authHeaderFor(app.request, user, PASSWORD);
    call = createJsonCaller(app.request, auth);

    // A county of the same prefecture whose box does not touch 奈曼旗's, so its tiles lie wholly outside.
    const [naiman] = await database.rows<{ w: number; s: number; e: number; n: number }>(sql`
      SELECT ST_XMin(boundary) AS w, ST_YMin(boundary) AS s, ST_XMax(boundary) AS e, ST_YMax(boundary) AS n FROM counties WHERE code = ${NAIMAN}`);
    const far = loadCountyBoundaries(true).find((county) => {
      const xs = county.boundary.coordinates.flat(2).map((p) => p[0]);
      const ys = county.boundary.coordinates.flat(2).map((p) => p[1]);
      return Math.min(...xs) > naiman.e || Math.max(...xs) < naiman.w || Math.min(...ys) > naiman.n || Math.max(...ys) < naiman.s;
    })!;
    other.county = far.code.padEnd(12, '0');
    const saved = await call('PUT', `/api/admin/counties/${other.county}`, 'admin', { name: far.name, boundary: far.boundary });
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    const [inside] = await database.rows<{ lon: number; lat: number }>(sql`
      SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(boundary) AS p FROM counties WHERE code = ${other.county}) x`);
    other.point = [inside.lon, inside.lat];
    const at = (dx = 0, dy = 0) => ({ type: 'Point', coordinates: [inside.lon + dx, inside.lat + dy] });

    other.town = `${other.county.slice(0, 6)}100000`;
    await created('towns', at(), { ...(await template('towns')), code: other.town, name: '测试镇', countyCode: other.county });
    other.village = `${other.town.slice(0, 9)}201`;
    await created('villages', at(0.001), { ...(await template('villages')), code: other.village, name: '测试村', townCode: other.town });
    const road = await created('roads', { type: 'LineString', coordinates: [[inside.lon, inside.lat], [inside.lon + 0.01, inside.lat + 0.005]] },
      { ...(await template('roads')), name: '测试路', countyCode: other.county, villageCode: other.village });
    other.road = road.id;
    const house = await created('houses', at(0.002), { ...(await template('houses')), externalId: `REGION-TEST-${driver}`, villageCode: other.village, groupCode: null });
    other.house = house.id;
    naimanRoad = (await call('GET', '/api/features/roads?limit=1', 'editor-roads')).body.features[0];
  });
  afterAll(() => database?.close());

  it('gives the sample county to the demo accounts and keeps the demo administrator over the whole deployment', async () => {
    expect((await call('GET', '/api/me', 'editor-roads')).body.region).toBe(NAIMAN);
    expect((await call('GET', '/api/me', 'viewer')).body.region).toBe(NAIMAN);
    expect((await call('GET', '/api/me', 'leader')).body.region).toBe(NAIMAN);
    expect((await call('GET', '/api/me', 'admin')).body.region).toBeNull();
  });

  it('refuses a county editor every read and write of a feature in the next county, on the features API and OGC API', async () => {
    const path = `/api/features/roads/${other.road}`;
    const current = await call('GET', path, 'admin');
    const ifMatch = { 'if-match': current.etag! };
    const refusals = [
      await call('GET', path, 'editor-roads'),
      await call('PATCH', path, 'editor-roads', { properties: { name: '越界' } }, ifMatch),
      await call('PUT', path, 'editor-roads', { type: 'Feature', geometry: current.body.geometry, properties: { ...current.body.properties, name: '越界' } }, ifMatch),
      await call('DELETE', path, 'editor-roads', undefined, ifMatch),
      await call('POST', `${path}/revert`, 'editor-roads', { version: 1 }, ifMatch),
      await call('GET', `${path}/history`, 'editor-roads'),
      await call('POST', '/api/features/roads', 'editor-roads', { type: 'Feature', geometry: current.body.geometry, properties: { ...(await template('roads')), countyCode: other.county, villageCode: other.village } }),
      await call('GET', `/api/features/roads?countyCode=${other.county}`, 'editor-roads'),
      await call('GET', `/ogc/collections/roads/items/${other.road}?f=json`, 'editor-roads'),
      await call('PUT', `/ogc/collections/roads/items/${other.road}`, 'editor-roads', { type: 'Feature', geometry: current.body.geometry, properties: { ...current.body.properties, name: '越界' } }, { ...ifMatch, 'content-type': 'application/geo+json' }),
      await call('DELETE', `/ogc/collections/roads/items/${other.road}`, 'editor-roads', undefined, ifMatch),
      await call('GET', `/api/features/houses/${other.house}`, 'editor-housing'),
    ];
    expect(refusals.map((r) => r.status)).toEqual(refusals.map(() => 403));
    expect(refusals[0].body.error.code).toBe('outside_region');
    expect(refusals[0].body.error.message).toContain('奈曼旗');
    // Nothing changed, and nothing was written in the next county.
    const after = await call('GET', path, 'admin');
    expect(after.body.properties.version).toBe(current.body.properties.version);
    expect((await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM roads WHERE county_code = ${other.county}`))[0].n).toBe(1);
  });

  it('does not let a county editor move a feature of their county into the next one', async () => {
    const path = `/api/features/roads/${naimanRoad.id}`;
    const current = await call('GET', path, 'editor-roads');
    const moved = await call('PATCH', path, 'editor-roads', { properties: { villageCode: other.village } }, { 'if-match': current.etag! });
    expect(moved.status).toBe(403);
    expect((await call('GET', path, 'editor-roads')).body.properties.villageCode).toBe(current.body.properties.villageCode);
  });

  it('lists, exports, tiles and judges only the reader\'s region; a province leader reads both counties', async () => {
    const ids = async (user: string) => (await call('GET', '/api/features/roads?limit=10000', user)).body.features.map((f: Json) => f.id);
    expect(await ids('editor-roads')).not.toContain(other.road);
    expect(await ids('province-leader')).toContain(other.road);
    expect(await ids('province-leader')).toContain(naimanRoad.id);
    const items = await call('GET', '/ogc/collections/roads/items?f=json&limit=10000', 'viewer');
    expect(items.body.features.map((f: Json) => f.id)).not.toContain(other.road);

    const exported = await call('GET', '/api/exports/roads?format=geojson', 'viewer');
    expect(exported.status).toBe(200);
    expect(exported.body.features.map((f: Json) => f.id)).not.toContain(other.road);
    expect((await call('GET', `/api/exports/roads?format=geojson&countyCode=${other.county}`, 'viewer')).status).toBe(403);
    expect((await call('GET', `/api/exports/roads?format=geojson&countyCode=${other.county}`, 'province-leader')).status).toBe(200);

    const tile = tileContaining(other.point[0], other.point[1], 12);
    const tilePath = `/api/tiles/roads/${tile.z}/${tile.x}/${tile.y}.mvt`;
    const refused = await app.request(tilePath, { headers: auth.viewer });
    expect(refused.status).toBe(403);
    expect((await app.request(`/ogc/collections/roads/tiles/WebMercatorQuad/${tile.z}/${tile.y}/${tile.x}`, { headers: auth.viewer })).status).toBe(403);
    const allowed = await app.request(tilePath, { headers: auth['province-leader'] });
    expect(allowed.status).toBe(200);
    expect((await allowed.arrayBuffer()).byteLength).toBeGreaterThan(0);
    const outside = ([w, s, e, n]: number[]) => other.point[0] < w || other.point[0] > e || other.point[1] < s || other.point[1] > n;
    expect(outside((await call('GET', '/api/tiles/roads/tilejson.json', 'viewer')).body.bounds)).toBe(true);
    // The OGC collection's extent is the reader's part of the layer.
    expect(outside((await call('GET', '/ogc/collections/roads?f=json', 'viewer')).body.extent.spatial.bbox[0])).toBe(true);
    expect(outside((await call('GET', '/ogc/collections/roads?f=json', 'province-leader')).body.extent.spatial.bbox[0])).toBe(false);
    expect((await call('GET', '/api/imports', 'editor-roads')).status).toBe(200);

    expect((await call('GET', `/api/checks/summary?county=${other.county}`, 'leader')).status).toBe(403);
    expect((await call('GET', `/api/checks/villages/${other.village}`, 'leader')).status).toBe(403);
    const layer = await call('GET', '/api/checks/layers/roads', 'viewer');
    expect((await call('GET', `/api/checks/layers/roads?county=${other.county}`, 'viewer')).status).toBe(403);
    expect((await call('GET', `/api/checks/layers/roads/counts?county=${other.county}`, 'viewer')).status).toBe(403);
    expect((await call('GET', `/api/checks/layers/roads/counts?town=${other.village.slice(0, 9)}000`, 'viewer')).status).toBe(403);
    const everywhere = (await call('GET', '/api/checks/layers/roads/counts', 'province-leader')).body.total;
    expect((await call('GET', '/api/checks/layers/roads/counts', 'viewer')).body.total).toBe(layer.body.features.length);
    expect(everywhere).toBeGreaterThan(layer.body.features.length);
    // The layer counts (the map's hidden layers, its village count) are the reader's region's too.
    const counted = async (user: string) => new Map((await call('GET', '/api/layers', user)).body.layers.map((l: Json) => [l.layer, l.count]));
    expect((await counted('viewer')).get('roads')).toBe(layer.body.features.length);
    expect((await counted('province-leader')).get('roads')).toBe(everywhere);
    // The search box finds the reader's villages only.
    const found = async (user: string) => (await call('GET', `/api/regions/search?q=${encodeURIComponent('测试村')}`, user)).body.places.map((p: Json) => p.id);
    expect(await found('viewer')).not.toContain(other.village);
    expect(await found('province-leader')).toContain(other.village);
    expect(layer.body.features.map((f: Json) => f.id)).not.toContain(other.road);
    expect((await call('GET', `/api/regions/towns?county=${other.county}`, 'viewer')).status).toBe(403);
    expect((await call('GET', '/api/regions/counties', 'viewer')).body.features.map((f: Json) => f.id)).toEqual([NAIMAN]);
    expect((await call('GET', '/api/regions/counties', 'province-leader')).body.features.map((f: Json) => f.id)).toContain(other.county);
    expect((await call('GET', `/api/villages/${other.village}/services`, 'viewer')).status).toBe(403);
  });

  it('refuses an import whose rows lie in the next county, writing nothing', async () => {
    const { countyCode, villageCode, ...roadProperties } = await template('roads'); // eslint-disable-line @typescript-eslint/no-unused-vars
    const file = JSON.stringify({ type: 'FeatureCollection', features: [{
      type: 'Feature', geometry: { type: 'LineString', coordinates: [other.point, [other.point[0] + 0.02, other.point[1]]] },
      properties: { ...roadProperties, name: '越界导入路' },
    }] });
    const form = new FormData();
    form.set('layer', 'roads');
    form.set('file', new File([file], 'roads.geojson'));
    const uploaded = (await (await app.request('/api/imports', { method: 'POST', headers: auth['editor-roads'], body: form })).json()) as Json;
    const started = await call('POST', `/api/imports/${uploaded.id}/commit`, 'editor-roads', {});
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    let job: Json = started.body;
    for (let i = 0; i < 300 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await call('GET', `/api/imports/${uploaded.id}`, 'editor-roads')).body;
    }
    expect(job.state).toBe('rejected');
    expect(job.error.code).toBe('outside_region');
    expect(job.report.problems.some((p: Json) => p.field === 'region' && /奈曼旗/.test(p.problem))).toBe(true);
    expect((await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM roads WHERE name = '越界导入路'`))[0].n).toBe(0);
  });

  it('gives a county administrator their county\'s accounts, audit entries and nothing deployment-wide', async () => {
    const listed = (await call('GET', '/api/admin/users', 'naiman-admin')).body.users.map((u: Json) => u.username);
    expect(listed).toContain('editor-roads');
    expect(listed).not.toContain('admin');
    expect(listed).not.toContain('province-leader');

    const outside = await call('POST', '/api/admin/users', 'naiman-admin', { username: 'next-county-editor', password: PASSWORD, roles: ['editor'], editorTeams: ['roads'], region: other.county });
    expect(outside.status).toBe(403);
    expect(outside.body.error.details[0].field).toBe('region');
    const unscoped = await call('POST', '/api/admin/users', 'naiman-admin', { username: 'everywhere', password: PASSWORD, roles: ['viewer'], region: null });
    expect(unscoped.status).toBe(403);
    const made = await call('POST', '/api/admin/users', 'naiman-admin', { username: 'naiman-town-viewer', password: PASSWORD, roles: ['viewer'], region: `${NAIMAN.slice(0, 6)}100000` });
    expect(made.status, JSON.stringify(made.body)).toBe(201);
    const defaulted = await call('POST', '/api/admin/users', 'naiman-admin', { username: 'naiman-viewer-2', password: PASSWORD, roles: ['viewer'] });
    expect(defaulted.body.region).toBe(NAIMAN);
    const village = await call('POST', '/api/admin/users', 'admin', { username: 'village-viewer', password: PASSWORD, roles: ['viewer'], region: other.village });
    expect(village.status).toBe(422);
    expect((await call('POST', '/api/admin/users', 'admin', { username: 'nowhere-viewer', password: PASSWORD, roles: ['viewer'], region: '159900000000' })).status).toBe(422);

    const leaderId = (await call('GET', '/api/admin/users', 'admin')).body.users.find((u: Json) => u.username === 'province-leader').id;
    expect((await call('PATCH', `/api/admin/users/${leaderId}`, 'naiman-admin', { displayName: '改名' })).status).toBe(404);
    expect((await call('POST', `/api/admin/users/${leaderId}/reset-password`, 'naiman-admin', { password: 'Another-pass-2026!' })).status).toBe(404);

    const audit = await call('GET', '/api/admin/audit?limit=500', 'naiman-admin');
    expect(audit.status).toBe(200);
    expect(audit.body.entries.length).toBeGreaterThan(0);
    expect(audit.body.entries.every((e: Json) => e.regionCode?.startsWith('150525'))).toBe(true);
    const everything = await call('GET', '/api/admin/audit?limit=500', 'admin');
    const roadEntry = everything.body.entries.find((e: Json) => e.layer === 'roads' && e.featureId === String(other.road));
    expect((await call('POST', `/api/admin/audit/${roadEntry.id}/revert`, 'naiman-admin')).status).toBe(403);

    expect((await call('PATCH', '/api/admin/settings', 'naiman-admin', { publicRead: true })).status).toBe(403);
    expect((await call('PUT', `/api/admin/counties/${other.county}`, 'naiman-admin', { name: '改名旗' })).status).toBe(403);
  });

  it('rolls the checks up from province to prefecture to county to town, each level\'s children ranked in one request', async () => {
    const province = await call('GET', '/api/checks/rollup', 'province-leader');
    expect(province.status).toBe(200);
    expect(province.body.region).toMatchObject({ code: PROVINCE, level: 'province' });
    expect(province.body.children.map((c: Json) => c.code)).toEqual(['150500000000']);
    expect(province.body.children[0]).toMatchObject({ level: 'prefecture', name: '通辽市' });

    const prefecture = await call('GET', '/api/checks/rollup?region=150500000000', 'province-leader');
    expect(prefecture.body.path.map((r: Json) => r.code)).toEqual([PROVINCE, '150500000000']);
    const counties = prefecture.body.children;
    expect(counties.map((c: Json) => c.code).sort()).toEqual([other.county, NAIMAN].sort());
    const naiman = counties.find((c: Json) => c.code === NAIMAN);
    expect(naiman).toMatchObject({ name: '奈曼旗', level: 'county' });
    expect(counties[0].readyPct ?? -1).toBeGreaterThanOrEqual(counties[1].readyPct ?? -1);

    // The county's figures are its summary's; its towns add up to it.
    const summary = (await call('GET', `/api/checks/summary?region=${NAIMAN}`, 'province-leader')).body;
    expect(naiman.villages).toBe(summary.coverage.villages);
    expect(naiman.villagesReadyToExit).toBe(summary.coverage.villagesReadyToExit);
    expect(naiman.pavedRoutePct).toBe(summary.coverage.pavedRoutePct);
    const towns = (await call('GET', `/api/checks/rollup?region=${NAIMAN}`, 'leader')).body;
    expect(towns.children.length).toBe(13);
    expect(towns.children.reduce((n: number, t: Json) => n + t.villages, 0)).toBe(naiman.villages);
    expect(towns.children.map((t: Json) => t.readyPct ?? -1)).toEqual(towns.children.map((t: Json) => t.readyPct ?? -1).sort((a: number, b: number) => b - a));
    const town = towns.children[0];
    const villages = (await call('GET', `/api/checks/rollup?region=${town.code}`, 'leader')).body;
    expect(villages.children.every((v: Json) => v.level === 'village' && v.code.startsWith(town.code.slice(0, 9)))).toBe(true);
    expect(villages.children.reduce((n: number, v: Json) => n + v.villagesReadyToExit, 0)).toBe(town.villagesReadyToExit);

    // A county's leader starts at the county and goes no higher; the whole-deployment administrator starts at what holds every county.
    expect((await call('GET', '/api/checks/rollup', 'leader')).body.region.code).toBe(NAIMAN);
    expect((await call('GET', '/api/checks/rollup?region=150500000000', 'leader')).status).toBe(403);
    // A summary asked of a wider area is the reader's part of it.
    expect((await call('GET', `/api/checks/summary?region=${PROVINCE}`, 'leader')).body.coverage.villages).toBe(naiman.villages);
    expect((await call('GET', '/api/checks/rollup', 'admin')).body.region.code).toBe('150500000000');
  });

  it('keeps someone over the whole deployment: the last such administrator cannot be given a region', async () => {
    const adminId = (await call('GET', '/api/admin/users', 'admin')).body.users.find((u: Json) => u.username === 'admin').id;
    const scoped = await call('PATCH', `/api/admin/users/${adminId}`, 'admin', { region: NAIMAN });
    expect(scoped.status).toBe(409);
    expect(scoped.body.error.details[0].field).toBe('region');
  });
});

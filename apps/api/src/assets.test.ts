import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { sql } from 'drizzle-orm';
import { tileContaining } from '@cuntu/tiles';
import { authHeaderFor, createJsonCaller, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const utf8 = (text: string) => new TextEncoder().encode(text);

/**
 * The poverty-alleviation assets layer, added through the layer spine alone (its definition, its table,
 * its words, its colour): every API a layer has serves it, and no rule judges it.
 */
describe.each(TEST_DRIVERS)('the assets layer on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const as: Record<string, { authorization: string }> = {};
  const call = createJsonCaller((path, init) => app.request(path, init), as);
  const scalar = async <T>(query: ReturnType<typeof sql>) => Object.values((await database.rows<Record<string, T>>(query))[0])[0];
  /** A point inside the sample county, beside its first village's committee. */
  let village: { code: string; lon: number; lat: number };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'editor-roads', 'editor-housing', 'admin']) as[u] = await authHeaderFor(app.request, u);
    [village] = await database.rows<{ code: string; lon: number; lat: number }>(sql`SELECT code, ST_X(committee) AS lon, ST_Y(committee) AS lat FROM villages ORDER BY code LIMIT 1`);
  });
  afterAll(() => database?.close());

  it('holds the sample county\'s assets, on the planner\'s map without verdicts', async () => {
    const counts = (await call('GET', '/api/layers', 'viewer')).body.layers as Json[];
    const assets = counts.find((l) => l.layer === 'assets' || l.id === 'assets');
    expect(assets, JSON.stringify(counts)).toBeDefined();
    const total = await scalar<number>(sql`SELECT count(*)::int FROM poverty_assets`);
    expect(total).toBeGreaterThan(20);
    const layer = await call('GET', '/api/checks/layers/assets', 'viewer');
    expect(layer.status).toBe(200);
    expect(layer.body.features).toHaveLength(total);
    const [first] = layer.body.features;
    expect(Object.keys(first.properties).sort()).toEqual(['id', 'kind', 'name']);
    expect(await scalar<number>(sql`SELECT count(*)::int FROM check_results WHERE subject_type NOT IN ('village', 'group', 'road', 'water_source', 'house', 'relocation_site')`)).toBe(0);
  });

  it('is written by the infrastructure team only, audited, undone, and re-judges nothing', async () => {
    const input = {
      type: 'Feature', geometry: { type: 'Point', coordinates: [village.lon + 0.005, village.lat] },
      properties: { name: '测试光伏电站', kind: 'pv_station', villageCode: village.code, capacityKw: 500, investmentWanYuan: 380, buildYear: 2018, beneficiaryHouseholds: 30, annualIncomeWanYuan: 28.5 },
    };
    expect((await call('POST', '/api/features/assets', 'editor-housing', input)).status).toBe(403);
    expect((await call('POST', '/api/features/assets', 'viewer', input)).status).toBe(403);
    const runsBefore = await scalar<number>(sql`SELECT count(*)::int FROM check_runs`);
    const created = await call('POST', '/api/features/assets', 'editor-roads', input);
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    expect(created.body.properties).toMatchObject({ ...input.properties, countyCode: expect.stringMatching(/^\d{12}$/), version: 1 });
    expect(created.body.checks).toEqual({ villages: [] });
    expect(await scalar<number>(sql`SELECT count(*)::int FROM check_runs`)).toBe(runsBefore);

    const refused = await call('PATCH', `/api/features/assets/${created.body.id}`, 'editor-roads', { properties: { kind: 'power_plant', capacityKw: -1 } }, { 'if-match': created.etag! });
    expect(refused.status).toBe(422);
    expect(refused.body.error.details.map((d: Json) => d.field).sort()).toEqual(['capacityKw', 'kind']);

    const changed = await call('PATCH', `/api/features/assets/${created.body.id}`, 'editor-roads', { properties: { annualIncomeWanYuan: 31 } }, { 'if-match': created.etag! });
    expect(changed.status).toBe(200);
    const history = await call('GET', `/api/features/assets/${created.body.id}/history`, 'editor-roads');
    expect(history.body.history.map((h: Json) => h.action)).toEqual(['create', 'update']);
    const [entry] = (await call('GET', `/api/admin/audit?layer=assets&feature=${created.body.id}&action=update`, 'admin')).body.entries;
    expect(entry.changed).toEqual(['annualIncomeWanYuan']);
    const undone = await call('POST', `/api/admin/audit/${entry.id}/revert`, 'admin');
    expect(undone.status, JSON.stringify(undone.body)).toBe(200);
    expect((await call('GET', `/api/features/assets/${created.body.id}`, 'viewer')).body.properties.annualIncomeWanYuan).toBe(28.5);
  });

  it('is served to desktop GIS: an OGC collection with queryables, and vector tiles', async () => {
    const collections = (await call('GET', '/ogc/collections', 'viewer')).body.collections as Json[];
    expect(collections.map((c) => c.id)).toContain('assets');
    const items = await call('GET', '/ogc/collections/assets/items?kind=workshop&limit=100', 'viewer');
    expect(items.status).toBe(200);
    expect(items.body.features.length).toBe(await scalar<number>(sql`SELECT count(*)::int FROM poverty_assets WHERE kind = 'workshop'`));
    const queryables = await app.request('/ogc/collections/assets/queryables', { headers: as.viewer });
    expect(queryables.headers.get('content-type')).toBe('application/schema+json');
    expect(Object.keys(((await queryables.json()) as Json).properties)).toEqual(expect.arrayContaining(['kind', 'capacityKw', 'annualIncomeWanYuan']));

    const [asset] = await database.rows<{ id: number; lon: number; lat: number }>(sql`SELECT id, ST_X(location) AS lon, ST_Y(location) AS lat FROM poverty_assets ORDER BY id LIMIT 1`);
    const { x, y } = tileContaining(asset.lon, asset.lat, 12);
    const response = await app.request(`/api/tiles/assets/12/${x}/${y}.mvt`, { headers: as.viewer });
    expect(response.status).toBe(200);
    const tile = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer())));
    const ids = Array.from({ length: tile.layers.assets?.length ?? 0 }, (_, i) => tile.layers.assets.feature(i).id);
    expect(ids).toContain(asset.id);
  });

  it('imports a county\'s ledger and exports it again with its columns', async () => {
    const rows = [
      ['A-LEDGER-1', '一号光伏电站', 'pv_station', '500', '390', '2017', village.lon + 0.01, village.lat],
      ['A-LEDGER-2', '扶贫车间', 'workshop', '', '120', '2019', village.lon - 0.01, village.lat],
    ];
    const csv = utf8(['externalId,name,kind,capacityKw,investmentWanYuan,buildYear,lon,lat', ...rows.map((r) => r.join(','))].join('\n'));
    const form = new FormData();
    form.set('layer', 'assets');
    form.set('file', new File([csv as Uint8Array<ArrayBuffer>], 'assets.csv'));
    const uploaded = await app.request('/api/imports', { method: 'POST', headers: as['editor-roads'], body: form });
    const upload = (await uploaded.json()) as Json;
    expect(uploaded.status, JSON.stringify(upload)).toBe(201);
    const started = await call('POST', `/api/imports/${upload.id}/commit`, 'editor-roads', { mapping: upload.inspection.suggestedMapping });
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    let job: Json = started.body;
    for (let i = 0; i < 300 && job.state === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 100));
      job = (await call('GET', `/api/imports/${upload.id}`, 'editor-roads')).body;
    }
    expect(job.state, JSON.stringify(job.report?.problems ?? job.error)).toBe('committed');
    expect(job.result).toMatchObject({ created: 2 });

    const exported = await app.request('/api/exports/assets?format=csv&geometry=lonlat&kind=workshop', { headers: as.viewer });
    expect(exported.status).toBe(200);
    const [header, ...lines] = (await exported.text()).replace(/^\uFEFF/, '').trim().split('\r\n');
    expect(header.split(',')).toEqual(expect.arrayContaining(['externalId', 'name', 'kind', 'investmentWanYuan', 'annualIncomeWanYuan']));
    expect(lines.some((l) => l.includes('A-LEDGER-2'))).toBe(true);
  });
});

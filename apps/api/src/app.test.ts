import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import type { HealthReport } from '@cuntu/domain';
import { latestMigrationTag } from '@cuntu/db';
import { createApp } from './app';
import { basemapSource } from '@cuntu/domain';

describe.each(TEST_DRIVERS)('the API on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let auth: { authorization: string };
  const getJson = async <T = Record<string, unknown>>(path: string) => {
    const response = await app.request(path, { headers: auth });
    return { status: response.status, body: (await response.json()) as T };
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    auth = await authHeaderFor(app.request, 'viewer');
  });
  afterAll(() => database?.close());

  it('reports the driver, PostGIS and schema versions and the sample county in /api/health', async () => {
    const { status, body } = await getJson<HealthReport>('/api/health');
    expect(status).toBe(200);
    expect(body.driver).toBe(driver);
    expect(body.postgisVersion).toMatch(/^3\.\d+\.\d+/);
    expect(body.schemaVersion).toBe(await latestMigrationTag());
    expect(body.sampleCounty).toEqual({ code: '150525000000', name: '奈曼旗', seed: 1, isSample: true });
  });

  it('serves the county, its 13 towns and its villages as GeoJSON', async () => {
    const counties = await getJson<{ features: Array<{ geometry: { type: string } }> }>('/api/regions/counties');
    expect(counties.body.features[0].geometry.type).toBe('MultiPolygon');
    const towns = await getJson<{ features: Array<{ properties: { name: string; seat: number[] } }> }>('/api/regions/towns');
    expect(towns.body.features).toHaveLength(13);
    expect(towns.body.features[0].properties).toMatchObject({ name: '大沁他拉镇' });
    expect(towns.body.features[0].properties.seat).toHaveLength(2);
    const villages = await getJson<{ features: Array<{ geometry: { type: string }; properties: { name: string; groups: number; townName: string } }> }>('/api/regions/villages');
    expect(villages.body.features.length).toBeGreaterThan(270);
    const jigesitai = villages.body.features.find((f) => f.properties.name === '吉格斯台嘎查')!;
    expect(jigesitai.properties).toMatchObject({ groups: 3, townName: '大沁他拉镇' });
    expect(jigesitai.geometry.type).toBe('Point');
    const inTown = await getJson<{ features: unknown[] }>('/api/regions/villages?town=150525100000&shape=boundary');
    expect(inTown.body.features.length).toBeGreaterThan(3);
    expect(inTown.body.features.length).toBeLessThan(villages.body.features.length);
  });

  it('counts every layer and pages its features', async () => {
    const { body } = await getJson<{ layers: Array<{ layer: string; count: number }> }>('/api/layers');
    const counts = Object.fromEntries(body.layers.map((l) => [l.layer, l.count]));
    expect(counts.houses).toBeGreaterThan(2700);
    expect(counts.relocation_sites).toBe(10);
    const page = await getJson<{ total: number; features: Array<{ id: number }> }>('/api/features/roads?limit=5&offset=5');
    expect(page.body.total).toBe(counts.roads);
    expect(page.body.features.map((f) => f.id)).toEqual([6, 7, 8, 9, 10]);
  });

  it('counts each layer\'s writes, so screens can follow others\' changes', async () => {
    const before = (await getJson<{ revisions: Record<string, number> }>('/api/layers/revisions')).body.revisions;
    expect(Object.keys(before)).toEqual(expect.arrayContaining(['roads', 'houses', 'villages', 'checks']));
    await database.db.execute(sql`UPDATE roads SET name = name WHERE id = 1`);
    const after = (await getJson<{ revisions: Record<string, number> }>('/api/layers/revisions')).body.revisions;
    expect(after).toEqual({ ...before, roads: before.roads + 1 });
  });

  it('never returns household personal data from the layer list', async () => {
    const { body } = await getJson<{ features: Array<{ properties: Record<string, unknown> }> }>('/api/features/houses?limit=50');
    expect(body.features).toHaveLength(50);
    for (const f of body.features) {
      expect(Object.keys(f.properties)).not.toEqual(expect.arrayContaining(['headName']));
      expect(f.properties).not.toHaveProperty('headIdNumber');
      expect(f.properties).not.toHaveProperty('headPhone');
    }
  });

  it('answers bad requests with a 4xx JSON error and a reason', async () => {
    const unknown = await getJson<{ error: { code: string; message: string } }>('/api/features/bridges');
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.code).toBe('unknown_layer');
    const badLimit = await getJson<{ error: { code: string; details: Array<{ field: string }> } }>('/api/features/roads?limit=0');
    expect(badLimit.status).toBe(400);
    expect(badLimit.body.error.details[0].field).toBe('limit');
    const badTown = await getJson<{ error: { code: string } }>('/api/regions/villages?town=abc');
    expect(badTown.status).toBe(400);
    const noRoute = await getJson<{ error: { code: string } }>('/api/nothing-here');
    expect(noRoute.status).toBe(404);
    expect(noRoute.body.error.code).toBe('not_found');
  });

  it('asks for a login before reading, unless the deployment is public read-only', async () => {
    const anonymous = await app.request('/api/regions/towns');
    expect(anonymous.status).toBe(401);
    expect(((await anonymous.json()) as { error: { code: string } }).error.code).toBe('login_required');
    expect((await app.request('/api/health')).status).toBe(200);
    const open = createApp({ database, settings: { publicRead: true } });
    expect((await open.request('/api/regions/towns')).status).toBe(200);
    expect((await open.request('/api/features/roads/1', { method: 'DELETE', headers: { 'if-match': '"v1"' } })).status).toBe(401);
  });
});

describe('deployment settings', () => {
  it('tell the web apps the basemap, from the environment', async () => {
    const { settingsFromEnv } = await import('./env');
    expect(basemapSource(settingsFromEnv({}).basemap)).toBeNull();
    const tianditu = basemapSource(settingsFromEnv({ CUNTU_TIANDITU_KEY: 'abc' }).basemap) as { tiles: string[] };
    expect(tianditu.tiles[0]).toContain('tianditu.gov.cn');
    expect(tianditu.tiles[0]).toContain('tk=abc');
    expect(basemapSource(settingsFromEnv({ CUNTU_BASEMAP_XYZ: 'https://x/{z}/{x}/{y}.png', CUNTU_BASEMAP_ATTRIBUTION: 'X' }).basemap)).toEqual({ tiles: ['https://x/{z}/{x}/{y}.png'], attribution: 'X' });
    expect(basemapSource(settingsFromEnv({ CUNTU_BASEMAP_STYLE: 'https://s.example/style.json' }).basemap)).toEqual({ styleUrl: 'https://s.example/style.json' });
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { sql } from 'drizzle-orm';
import { tileContaining } from '@cuntu/tiles';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

/** A tile's z/x/y path holding a position. */
const tileAt = (lon: number, lat: number, z: number) => {
  const { x, y } = tileContaining(lon, lat, z);
  return `${z}/${x}/${y}`;
};

describe.each(TEST_DRIVERS)('the tiles API on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const as: Record<string, { authorization: string }> = {};
  let roadTile: string;
  let houseTile: string;
  const get = (path: string, user: string | null, headers: Record<string, string> = {}) => app.request(path, { headers: { ...(user ? as[user] : {}), ...headers } });
  const features = async (response: Response, layer: string) => {
    const tile = new VectorTile(new PbfReader(new Uint8Array(await response.arrayBuffer())));
    const found = tile.layers[layer];
    return Array.from({ length: found?.length ?? 0 }, (_, i) => found.feature(i));
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'editor-roads', 'editor-housing']) as[u] = await authHeaderFor(app.request, u);
    const [road] = await database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(ST_StartPoint(geom)) AS lon, ST_Y(ST_StartPoint(geom)) AS lat FROM roads ORDER BY id LIMIT 1`);
    const [house] = await database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(location) AS lon, ST_Y(location) AS lat FROM houses ORDER BY id LIMIT 1`);
    roadTile = tileAt(road.lon, road.lat, 12);
    houseTile = tileAt(house.lon, house.lat, 11);
  });
  afterAll(() => database?.close());

  it('serves a TileJSON per layer whose tile URL answers with MVT', async () => {
    const response = await get('/api/tiles/roads/tilejson.json', 'viewer');
    expect(response.status).toBe(200);
    const tilejson = (await response.json()) as { tilejson: string; tiles: string[]; bounds: number[]; vector_layers: Array<{ id: string; fields: Record<string, string> }> };
    expect(tilejson.tilejson).toBe('3.0.0');
    expect(tilejson.tiles[0]).toMatch(/\/api\/tiles\/roads\/\{z\}\/\{x\}\/\{y\}\.mvt$/);
    expect(tilejson.bounds[0]).toBeGreaterThan(119);
    expect(tilejson.vector_layers[0]).toMatchObject({ id: 'roads', fields: { widthM: 'Number', surface: 'String', 'road.width': 'String' } });
    const houses = (await (await get('/api/tiles/houses/tilejson.json', 'viewer')).json()) as typeof tilejson;
    expect(Object.keys(houses.vector_layers[0].fields)).not.toContain('headName');
    const tile = await get(`/api/tiles/roads/${roadTile}.mvt`, 'viewer');
    expect(tile.status).toBe(200);
    expect(tile.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    expect((await features(tile, 'roads')).length).toBeGreaterThan(0);
  });

  it('needs a login, refuses tiles that do not exist, and keeps personal data to those who may see it', async () => {
    expect((await get(`/api/tiles/roads/${roadTile}.mvt`, null)).status).toBe(401);
    expect((await get('/api/tiles/nowhere/1/0/0.mvt', 'viewer')).status).toBe(404);
    for (const bad of ['23/0/0.mvt', '2/4/0.mvt', '2/0/-1.mvt', '2/0/0.png', 'a/0/0.mvt']) {
      const response = await get(`/api/tiles/roads/${bad}`, 'viewer');
      expect(response.status, bad).toBe(400);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_tile');
    }
    const forViewer = await features(await get(`/api/tiles/houses/${houseTile}.mvt`, 'viewer'), 'houses');
    const forHousing = await features(await get(`/api/tiles/houses/${houseTile}.mvt`, 'editor-housing'), 'houses');
    expect(forViewer.length).toBe(forHousing.length);
    expect(forViewer.some((f) => 'headName' in f.properties || 'headIdNumber' in f.properties || 'headPhone' in f.properties)).toBe(false);
    expect(forHousing.some((f) => typeof f.properties.headName === 'string')).toBe(true);
  });

  it('answers 304 to an unchanged tile and a new tile after an edit under it', async () => {
    const first = await get(`/api/tiles/roads/${roadTile}.mvt`, 'viewer');
    const etag = first.headers.get('etag')!;
    expect(etag).toMatch(/^W\/"roads-/);
    expect(first.headers.get('cache-control')).toContain('no-cache');
    expect((await get(`/api/tiles/roads/${roadTile}.mvt`, 'viewer', { 'if-none-match': etag })).status).toBe(304);
    // Another role sees other content: its ETag differs where personal data could.
    const housing = (await get(`/api/tiles/houses/${houseTile}.mvt`, 'editor-housing')).headers.get('etag');
    expect(housing).not.toBe((await get(`/api/tiles/houses/${houseTile}.mvt`, 'viewer')).headers.get('etag'));

    const road = (await features(first, 'roads'))[0];
    const current = await get(`/api/features/roads/${road.id}`, 'editor-roads');
    const patched = await app.request(`/api/features/roads/${road.id}`, {
      method: 'PATCH',
      headers: { ...as['editor-roads'], 'content-type': 'application/json', 'if-match': current.headers.get('etag')! },
      body: JSON.stringify({ properties: { widthM: 7.5, project: 'tile invalidation test' } }),
    });
    expect(patched.status).toBe(200);
    const after = await get(`/api/tiles/roads/${roadTile}.mvt`, 'viewer', { 'if-none-match': etag });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(etag);
    const edited = (await features(after, 'roads')).find((f) => f.id === road.id)!;
    expect(edited.properties).toMatchObject({ widthM: 7.5, project: 'tile invalidation test' });
  });
});

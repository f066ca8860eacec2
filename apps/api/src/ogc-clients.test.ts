import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DEMO_USERS } from '@cuntu/auth';
import { tileContaining } from '@cuntu/tiles';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const basic = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });
const passwordOf = (username: string) => DEMO_USERS.find((u) => u.username === username)!.password;

/** What desktop GIS clients (QGIS, OWSLib, GDAL) met on /ogc: logins they can send, JSON everywhere, bbox and crs as the standard says. */
describe.each(TEST_DRIVERS)('OGC API Features for desktop clients on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let viewer: { authorization: string };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    // The web apps mounted, as in a deployment: unknown paths must not fall through to the shell's page.
    const apps = mkdtempSync(path.join(tmpdir(), 'cuntu-apps-'));
    mkdirSync(path.join(apps, 'shell', 'dist'), { recursive: true });
    writeFileSync(path.join(apps, 'shell', 'dist', 'index.html'), '<!doctype html><html><body>shell</body></html>');
    app = createApp({ database, webAppsDir: apps });
    viewer = await authHeaderFor(app.request, 'viewer');
  });
  afterAll(() => database?.close());

  it('answers JSON at /ogc/ and a JSON 404 for unknown paths under /ogc, never the web app\'s page', async () => {
    const landing = await app.request('/ogc/', { headers: viewer });
    expect(landing.status).toBe(200);
    expect(((await landing.json()) as Json).links.map((l: Json) => l.rel)).toContain('data');
    for (const unknown of ['/ogc/collections/roads/nothing', '/ogc/styles', '/ogc/collections/roads/items/1/extra']) {
      const response = await app.request(unknown, { headers: viewer });
      expect(response.status, unknown).toBe(404);
      expect(response.headers.get('content-type'), unknown).toContain('application/json');
    }
  });

  it('selects by bbox the features whose geometry meets the box, not those whose bounding box does', async () => {
    const [extent] = await database.rows<{ xmin: number; ymin: number }>(sql`SELECT ST_XMin(ST_Extent(geom)) AS xmin, ST_YMin(ST_Extent(geom)) AS ymin FROM roads`);
    let differing = 0;
    for (let i = 0; i < 12; i++) {
      for (let j = 0; j < 12; j++) {
        const box = [extent.xmin + 0.3 + i * 0.07, extent.ymin + 0.3 + j * 0.07];
        const bbox = [box[0], box[1], box[0] + 0.02, box[1] + 0.02].map((n) => n.toFixed(4));
        const [truth] = await database.rows<{ meets: number; boxes: number }>(sql`
          SELECT count(*) FILTER (WHERE ST_Intersects(geom, e))::int AS meets, count(*) FILTER (WHERE geom && e)::int AS boxes
          FROM roads, ST_MakeEnvelope(${Number(bbox[0])}, ${Number(bbox[1])}, ${Number(bbox[2])}, ${Number(bbox[3])}, 4326) e`);
        if (truth.meets !== truth.boxes) differing++;
        const page = (await (await app.request(`/ogc/collections/roads/items?bbox=${bbox.join(',')}&limit=1000`, { headers: viewer })).json()) as Json;
        expect(page.numberMatched, bbox.join(',')).toBe(truth.meets);
      }
    }
    expect(differing, 'boxes where bounding boxes and geometries disagree (the test needs some)').toBeGreaterThan(0);
  });

  it('serves longitude / latitude (CRS84), says so, and refuses a crs or bbox-crs it does not serve', async () => {
    const ok = await app.request('/ogc/collections/roads/items?limit=1&crs=http://www.opengis.net/def/crs/OGC/1.3/CRS84', { headers: viewer });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/OGC/1.3/CRS84>');
    for (const [query, field] of [['crs=http://www.opengis.net/def/crs/EPSG/0/3857', 'crs'], ['crs=foo', 'crs'], ['bbox=13430000,5280000,13440000,5290000&bbox-crs=http://www.opengis.net/def/crs/EPSG/0/3857', 'bbox-crs']]) {
      const refused = await app.request(`/ogc/collections/roads/items?${query}`, { headers: viewer });
      expect(refused.status, query).toBe(400);
      expect(((await refused.json()) as Json).error.details.map((d: Json) => d.field), query).toContain(field);
    }
  });

  it('lets a desktop client log in with HTTP Basic on /ogc and the tiles, under the same lockout, and nowhere else', async () => {
    const anonymous = await app.request('/ogc/collections', {});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
    const good = basic('editor-roads', passwordOf('editor-roads'));
    expect((await app.request('/ogc/collections/roads/items?limit=1', { headers: good })).status).toBe(200);
    expect((await app.request('/ogc/collections/roads/items?limit=1', { headers: good })).status).toBe(200);
    const [road] = await database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(ST_StartPoint(geom)) AS lon, ST_Y(ST_StartPoint(geom)) AS lat FROM roads ORDER BY id LIMIT 1`);
    const { x, y } = tileContaining(road.lon, road.lat, 12);
    expect((await app.request(`/api/tiles/roads/12/${x}/${y}.mvt`, { headers: good })).status).toBe(200);
    expect((await app.request('/api/features/roads?limit=1', { headers: good })).status).toBe(401);
    expect((await app.request('/ogc/collections', { headers: basic('editor-roads', 'wrong') })).status).toBe(401);

    // A disabled account's Basic login dies at once, even just after it was accepted.
    await database.rows(sql`UPDATE users SET disabled = true WHERE username = 'editor-roads'`);
    expect((await app.request('/ogc/collections', { headers: good })).status).toBe(401);
    await database.rows(sql`UPDATE users SET disabled = false WHERE username = 'editor-roads'`);

    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await app.request('/ogc/collections', { headers: basic('leader', `wrong-${i}`) })).status);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect((await app.request('/ogc/collections', { headers: basic('leader', passwordOf('leader')) })).status).toBe(429);
  });
});

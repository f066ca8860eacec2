import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DEMO_USERS } from '@cuntu/auth';
import { tileContaining } from '@cuntu/tiles';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';
import proj4 from 'proj4';
import { CRS84_URI } from '@cuntu/domain';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const basic = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });
const passwordOf = (username: string) => DEMO_USERS.find((u) => u.username === username)!.password;
/** CGCS2000 3-degree Gauss–Krüger zone 40 (EPSG:4528, zone number in the easting) and CM 120°E (EPSG:4549), for proj4. */
const GK_ZONE_40 = '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';
const GK_CM_120E = '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';

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

  it('answers in the CRS asked for — CRS84, EPSG:4326, CGCS2000, Web Mercator, Gauss–Krüger zones — in its axis order, and says so', async () => {
    const lonLat = ((await (await app.request('/ogc/collections/roads/items?limit=1&sort=id', { headers: viewer })).json()) as Json).features[0];
    const [lon, lat] = lonLat.geometry.coordinates[0] as [number, number];
    const described = ((await (await app.request('/ogc/collections/roads', { headers: viewer })).json()) as Json);
    expect(described.storageCrs).toBe(CRS84_URI);
    for (const crs of [CRS84_URI, 'http://www.opengis.net/def/crs/EPSG/0/4490', 'http://www.opengis.net/def/crs/EPSG/0/3857', 'http://www.opengis.net/def/crs/EPSG/0/4528', 'http://www.opengis.net/def/crs/EPSG/0/4549']) {
      expect(described.crs, crs).toContain(crs);
    }
    expect(described.crs).toHaveLength(46);
    // The expected coordinates come from proj4 (not the PostGIS the portal uses), in each CRS's registered axis order.
    const cases: Array<[string, [number, number], number]> = [
      [CRS84_URI, [lon, lat], 1e-7],
      ['http://www.opengis.net/def/crs/EPSG/0/4326', [lat, lon], 1e-7],
      ['EPSG:4490', [lat, lon], 1e-6],
      ['http://www.opengis.net/def/crs/EPSG/0/3857', proj4('EPSG:4326', 'EPSG:3857', [lon, lat]) as [number, number], 0.01],
      ['http://www.opengis.net/def/crs/EPSG/0/4528', proj4('WGS84', GK_ZONE_40, [lon, lat]).reverse() as [number, number], 0.01],
      ['https://www.opengis.net/def/crs/EPSG/0/4549', proj4('WGS84', GK_CM_120E, [lon, lat]).reverse() as [number, number], 0.01],
    ];
    for (const [crs, expected, tolerance] of cases) {
      const page = await app.request(`/ogc/collections/roads/items?limit=1&sort=id&crs=${encodeURIComponent(crs)}`, { headers: viewer });
      expect(page.status, crs).toBe(200);
      expect(page.headers.get('content-crs'), crs).toBe(`<${crs.startsWith('EPSG:') ? `http://www.opengis.net/def/crs/EPSG/0/${crs.slice(5)}` : crs.replace('https:', 'http:')}>`);
      const first = ((await page.json()) as Json).features[0].geometry.coordinates[0] as [number, number];
      expect(Math.abs(first[0] - expected[0]), `${crs} first axis`).toBeLessThan(tolerance);
      expect(Math.abs(first[1] - expected[1]), `${crs} second axis`).toBeLessThan(tolerance);
      const one = await app.request(`/ogc/collections/roads/items/${lonLat.id}?crs=${encodeURIComponent(crs)}`, { headers: viewer });
      expect(((await one.json()) as Json).geometry.coordinates[0], crs).toEqual(first);
    }
    for (const [query, field] of [['crs=foo', 'crs'], ['crs=http://www.opengis.net/def/crs/EPSG/0/2000', 'crs'], ['bbox=1,2,3,4&bbox-crs=EPSG:9999', 'bbox-crs']]) {
      const refused = await app.request(`/ogc/collections/roads/items?${query}`, { headers: viewer });
      expect(refused.status, query).toBe(400);
      expect(((await refused.json()) as Json).error.details.map((d: Json) => d.field), query).toContain(field);
    }
    expect((await app.request(`/ogc/collections/roads/items/${lonLat.id}?crs=foo`, { headers: viewer })).status).toBe(400);
  });

  it('selects by a bbox given in metres of a Gauss–Krüger zone (northing first) or of Web Mercator', async () => {
    const [road] = await database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(ST_StartPoint(geom)) AS lon, ST_Y(ST_StartPoint(geom)) AS lat FROM roads ORDER BY id LIMIT 1 OFFSET 7`);
    for (const [crs, definition, northFirst] of [['EPSG:4528', GK_ZONE_40, true], ['EPSG:3857', 'EPSG:3857', false]] as const) {
      const [x, y] = proj4('WGS84', definition, [road.lon, road.lat]);
      const box = [x - 3000, y - 2000, x + 3000, y + 2000];
      // The truth: the box's outline taken to longitude / latitude by proj4, 32 steps an edge, met by the stored geometries.
      const ring: Array<[number, number]> = [];
      for (const [ax, ay, bx, by] of [[box[0], box[1], box[2], box[1]], [box[2], box[1], box[2], box[3]], [box[2], box[3], box[0], box[3]], [box[0], box[3], box[0], box[1]]]) {
        for (let i = 0; i < 32; i++) ring.push(proj4(definition, 'WGS84', [ax + ((bx - ax) * i) / 32, ay + ((by - ay) * i) / 32]) as [number, number]);
      }
      ring.push(ring[0]);
      const wkt = `POLYGON((${ring.map((p) => p.join(' ')).join(',')}))`;
      const [truth] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM roads WHERE ST_Intersects(geom, ST_GeomFromText(${wkt}, 4326))`);
      expect(truth.n, crs).toBeGreaterThan(0);
      const inOrder = northFirst ? [box[1], box[0], box[3], box[2]] : box;
      const page = (await (await app.request(`/ogc/collections/roads/items?bbox=${inOrder.join(',')}&bbox-crs=${crs}&limit=1000`, { headers: viewer })).json()) as Json;
      expect(page.numberMatched, crs).toBe(truth.n);
      if (northFirst) {
        // The same numbers read easting first lie outside the zone: the axis order is honoured, not guessed.
        const swapped = await app.request(`/ogc/collections/roads/items?bbox=${box.join(',')}&bbox-crs=${crs}`, { headers: viewer });
        expect(swapped.status, crs).toBe(400);
        expect(((await swapped.json()) as Json).error.details[0].field, crs).toBe('bbox');
      }
    }
  });

  it('writes a geometry sent in a Gauss–Krüger zone (Content-Crs) where it belongs, and refuses a CRS it does not serve', async () => {
    const editor = await authHeaderFor(app.request, 'editor-roads');
    const road = ((await (await app.request('/ogc/collections/roads/items?limit=1&sort=id', { headers: viewer })).json()) as Json).features[0];
    const moved = (road.geometry.coordinates as Array<[number, number]>).map(([lon, lat]) => [lon + 0.001, lat + 0.001] as [number, number]);
    const inZone = moved.map((p) => proj4('WGS84', GK_CM_120E, p).reverse());
    const patch = (contentCrs: string) => app.request(`/ogc/collections/roads/items/${road.id}`, {
      method: 'PATCH', headers: { ...editor, 'content-type': 'application/geo+json', 'if-match': '*', 'content-crs': contentCrs },
      body: JSON.stringify({ type: 'Feature', geometry: { type: road.geometry.type, coordinates: inZone } }),
    });
    const refused = await patch('<http://www.opengis.net/def/crs/EPSG/0/9999>');
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as Json).error.details[0].field).toBe('Content-Crs');
    expect((await patch('<http://www.opengis.net/def/crs/EPSG/0/4549>')).status).toBe(200);
    const stored = ((await (await app.request(`/ogc/collections/roads/items/${road.id}`, { headers: viewer })).json()) as Json).geometry.coordinates as Array<[number, number]>;
    stored.forEach(([lon, lat], i) => {
      expect(Math.abs(lon - moved[i][0])).toBeLessThan(1e-6);
      expect(Math.abs(lat - moved[i][1])).toBeLessThan(1e-6);
    });
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

    // A disabled account's Basic login dies as soon as the database announces the write, even just after it was
    // accepted (the login memory keeps it ten seconds otherwise).
    await database.rows(sql`UPDATE users SET disabled = true WHERE username = 'editor-roads'`);
    await expect.poll(async () => (await app.request('/ogc/collections', { headers: good })).status, { timeout: 1_000, interval: 10 }).toBe(401);
    await database.rows(sql`UPDATE users SET disabled = false WHERE username = 'editor-roads'`);

    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await app.request('/ogc/collections', { headers: basic('leader', `wrong-${i}`) })).status);
    expect(statuses.slice(-2)).toEqual([429, 429]);
    expect((await app.request('/ogc/collections', { headers: basic('leader', passwordOf('leader')) })).status).toBe(429);
  });
});

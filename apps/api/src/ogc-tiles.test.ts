import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { MAX_ZOOM, tileContaining } from '@cuntu/tiles';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** OGC API – Tiles beside the web map's tile URLs: what QGIS, ArcGIS and GDAL discover from /ogc (issue 20). */
describe.each(TEST_DRIVERS)('OGC API Tiles on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let viewer: { authorization: string };
  const json = async (path: string, headers: Record<string, string> = viewer) => {
    const response = await app.request(path, { headers });
    expect(response.status, path).toBe(200);
    return (await response.json()) as Json;
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    viewer = await authHeaderFor(app.request, 'viewer');
  });
  afterAll(() => database?.close());

  it('describes WebMercatorQuad as OGC 17-083r4 does, from the landing page', async () => {
    const landing = await json('/ogc');
    const schemes = landing.links.find((l: Json) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes');
    const list = await json(new URL(schemes.href).pathname);
    expect(list.tileMatrixSets.map((t: Json) => t.id)).toEqual(['WebMercatorQuad']);
    const tms = await json('/ogc/tileMatrixSets/WebMercatorQuad');
    expect(tms).toMatchObject({ uri: 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad', crs: 'http://www.opengis.net/def/crs/EPSG/0/3857' });
    expect(tms.tileMatrices).toHaveLength(MAX_ZOOM + 1);
    // The registered figures of zoom 0 and 12 (OGC 17-083r4, Annex D.1).
    expect(tms.tileMatrices[0].scaleDenominator).toBeCloseTo(559082264.0287178, 4);
    expect(tms.tileMatrices[0].cellSize).toBeCloseTo(156543.0339280410, 6);
    expect(tms.tileMatrices[0].pointOfOrigin).toEqual([-20037508.3427892, 20037508.3427892]);
    expect(tms.tileMatrices[12]).toMatchObject({ id: '12', matrixWidth: 4096, matrixHeight: 4096, tileWidth: 256, cornerOfOrigin: 'topLeft' });
    expect(tms.tileMatrices[12].scaleDenominator).toBeCloseTo(136494.693366, 5);
    expect((await app.request('/ogc/tileMatrixSets/WorldCRS84Quad', { headers: viewer })).status).toBe(404);
  });

  it('leads from a collection to its vector tileset and serves the same tile as the web map, row before column', async () => {
    const roads = await json('/ogc/collections/roads');
    const tilesets = await json(new URL(roads.links.find((l: Json) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector').href).pathname);
    expect(tilesets.tilesets).toHaveLength(1);
    const tileset = await json(new URL(tilesets.tilesets[0].links.find((l: Json) => l.rel === 'self').href).pathname);
    expect(tileset).toMatchObject({ dataType: 'vector', tileMatrixSetURI: 'http://www.opengis.net/def/tilematrixset/OGC/1.0/WebMercatorQuad' });
    expect(Object.keys(tileset.layers[0].propertiesSchema.properties)).toEqual(expect.arrayContaining(['widthM', 'road.width', 'road.surface']));
    expect(tileset.layers[0].geometryDimension).toBe(1);
    const template = tileset.links.find((l: Json) => l.rel === 'item');
    expect(template).toMatchObject({ type: 'application/vnd.mapbox-vector-tile', templated: true });
    expect(template.href).toMatch(/\/ogc\/collections\/roads\/tiles\/WebMercatorQuad\/\{tileMatrix\}\/\{tileRow\}\/\{tileCol\}$/);

    const [road] = await database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(ST_StartPoint(geom)) AS lon, ST_Y(ST_StartPoint(geom)) AS lat FROM roads ORDER BY id LIMIT 1`);
    const { x, y } = tileContaining(road.lon, road.lat, 12);
    const path = new URL(template.href.replace('{tileMatrix}', '12').replace('{tileRow}', String(y)).replace('{tileCol}', String(x))).pathname;
    const ogcTile = await app.request(path, { headers: viewer });
    expect(ogcTile.status).toBe(200);
    expect(ogcTile.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
    const webTile = await app.request(`/api/tiles/roads/12/${x}/${y}.mvt`, { headers: viewer });
    const [ogcBytes, webBytes] = [Buffer.from(await ogcTile.arrayBuffer()), Buffer.from(await webTile.arrayBuffer())];
    expect(ogcBytes.length).toBeGreaterThan(50);
    expect(ogcBytes.equals(webBytes)).toBe(true);
    expect(ogcTile.headers.get('etag')).toBe(webTile.headers.get('etag'));
    const revalidated = await app.request(path, { headers: { ...viewer, 'if-none-match': ogcTile.headers.get('etag')! } });
    expect(revalidated.status).toBe(304);
  });

  it('answers a tile outside the matrix with a 404 and a malformed one with a 400', async () => {
    expect((await app.request('/ogc/collections/roads/tiles/WebMercatorQuad/2/4/0', { headers: viewer })).status).toBe(404);
    expect((await app.request(`/ogc/collections/roads/tiles/WebMercatorQuad/${MAX_ZOOM + 1}/0/0`, { headers: viewer })).status).toBe(404);
    expect((await app.request('/ogc/collections/roads/tiles/WebMercatorQuad/2/a/0', { headers: viewer })).status).toBe(400);
    expect((await app.request('/ogc/collections/roads/tiles/WorldCRS84Quad/2/0/0', { headers: viewer })).status).toBe(404);
    expect((await app.request('/ogc/collections/nothing/tiles', { headers: viewer })).status).toBe(404);
  });

  it('carries a token given in the query onto the tile template, and declares the Tiles classes', async () => {
    const created = await app.request('/api/me/tokens', {
      method: 'POST', headers: { ...viewer, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'tiles', scope: 'read', expiresInDays: 1 }),
    });
    const { token } = (await created.json()) as { token: string };
    const tileset = await json(`/ogc/collections/water_sources/tiles/WebMercatorQuad?access_token=${token}`, {});
    const template = tileset.links.find((l: Json) => l.rel === 'item').href as string;
    expect(template).toContain('{tileMatrix}/{tileRow}/{tileCol}?access_token=cuntu_pat_');
    const conformance = await json('/ogc/conformance');
    for (const part of ['ogcapi-tiles-1/1.0/conf/core', 'ogcapi-tiles-1/1.0/conf/tileset', 'ogcapi-tiles-1/1.0/conf/mvt', 'tms/2.0/conf/json-tilematrixset']) {
      expect(conformance.conformsTo).toContain(`http://www.opengis.net/spec/${part}`);
    }
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { tileContaining } from '@cuntu/tiles';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';
import { OGC_CONFORMANCE } from './routes/ogc.routes';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
type Probe = (ask: (path: string, init?: RequestInit) => Promise<Response>, context: { roadId: number; tile: { x: number; y: number } }) => Promise<void>;
const json = async (response: Response) => {
  expect(response.status, response.url).toBeLessThan(300);
  return (await response.json()) as Json;
};

/**
 * One probe per requirement class the conformance page declares: a class declared without a probe here
 * fails, and each probe checks the class's central requirement against the running API. The detailed
 * behaviour of each part has its own tests (ogc-clients, ogc-filter, ogc-html, ogc-tiles, openapi,
 * features); this is the page's promise, kept.
 */
const PROBES: Record<string, Probe> = {
  'ogcapi-features-1/1.0/conf/core': async (ask) => {
    const landing = await json(await ask('/ogc'));
    for (const rel of ['self', 'service-desc', 'conformance', 'data']) expect(landing.links.map((l: Json) => l.rel)).toContain(rel);
    const items = await json(await ask('/ogc/collections/roads/items?limit=2&bbox=120,42,122,44'));
    expect(items).toMatchObject({ type: 'FeatureCollection', numberReturned: 2 });
    expect((await ask('/ogc/collections/roads/items?limit=0')).status).toBe(400);
    expect((await ask('/ogc/collections/nothing/items')).status).toBe(404);
  },
  'ogcapi-features-1/1.0/conf/geojson': async (ask, { roadId }) => {
    const one = await ask(`/ogc/collections/roads/items/${roadId}`);
    expect(one.headers.get('content-type')).toContain('application/geo+json');
    expect(await json(one)).toMatchObject({ type: 'Feature', id: roadId, geometry: { type: 'LineString' } });
  },
  'ogcapi-features-1/1.0/conf/html': async (ask) => {
    const page = await ask('/ogc/collections/roads/items?limit=3', { headers: { accept: 'text/html' } });
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(await page.text()).toMatch(/<table>/);
  },
  'ogcapi-features-1/1.0/conf/oas30': async (ask) => {
    const landing = await json(await ask('/ogc'));
    const description = await json(await ask(new URL(landing.links.find((l: Json) => l.rel === 'service-desc').href).pathname));
    expect(description.openapi).toMatch(/^3\.0/);
    expect(Object.keys(description.paths)).toContain('/ogc/collections/{collectionId}/items');
  },
  'ogcapi-features-2/1.0/conf/crs': async (ask) => {
    const response = await ask('/ogc/collections/roads/items?limit=1&crs=http://www.opengis.net/def/crs/EPSG/0/4326');
    expect(response.headers.get('content-crs')).toBe('<http://www.opengis.net/def/crs/EPSG/0/4326>');
    const [lat, lon] = (await json(response)).features[0].geometry.coordinates[0];
    expect(lat).toBeGreaterThan(40);
    expect(lon).toBeGreaterThan(110);
    expect((await ask('/ogc/collections/roads/items?crs=http://www.opengis.net/def/crs/EPSG/0/9')).status).toBe(400);
  },
  'ogcapi-features-3/1.0/conf/queryables': async (ask) => {
    const collection = await json(await ask('/ogc/collections/roads'));
    const link = collection.links.find((l: Json) => l.rel === 'http://www.opengis.net/def/rel/ogc/1.0/queryables');
    const queryables = await json(await ask(new URL(link.href).pathname));
    expect(queryables).toMatchObject({ type: 'object', $schema: 'https://json-schema.org/draft/2020-12/schema' });
    expect(Object.keys(queryables.properties)).toEqual(expect.arrayContaining(['widthM', 'road.width', 'geom']));
  },
  'ogcapi-features-3/1.0/conf/queryables-query-parameters': async (ask) => {
    const trunk = await json(await ask('/ogc/collections/roads/items?roadClass=trunk&limit=1000'));
    expect(trunk.features.every((f: Json) => f.properties.roadClass === 'trunk')).toBe(true);
    expect((await ask('/ogc/collections/roads/items?colour=red')).status).toBe(400);
  },
  'ogcapi-features-3/1.0/conf/filter': async (ask) => {
    expect((await ask(`/ogc/collections/roads/items?filter=${encodeURIComponent('widthM >')}`)).status).toBe(400);
  },
  'ogcapi-features-3/1.0/conf/features-filter': async (ask) => {
    const wide = await json(await ask(`/ogc/collections/roads/items?limit=1000&filter=${encodeURIComponent('widthM > 8')}`));
    expect(wide.features.every((f: Json) => f.properties.widthM > 8)).toBe(true);
  },
  'cql2/1.0/conf/cql2-text': async (ask) => {
    expect((await json(await ask(`/ogc/collections/roads/items?filter=${encodeURIComponent("roadClass = 'county'")}&filter-lang=cql2-text`))).numberMatched).toBeGreaterThan(0);
  },
  'cql2/1.0/conf/cql2-json': async (ask) => {
    const filter = JSON.stringify({ op: '=', args: [{ property: 'roadClass' }, 'county'] });
    const text = await json(await ask(`/ogc/collections/roads/items?filter=${encodeURIComponent("roadClass = 'county'")}`));
    expect((await json(await ask(`/ogc/collections/roads/items?filter=${encodeURIComponent(filter)}&filter-lang=cql2-json`))).numberMatched).toBe(text.numberMatched);
  },
  'cql2/1.0/conf/basic-cql2': async (ask) => {
    const all = (await json(await ask('/ogc/collections/roads/items?limit=1'))).numberMatched;
    const some = (await json(await ask(`/ogc/collections/roads/items?filter=${encodeURIComponent('buildYear >= 2010 AND NOT (surface IS NULL)')}`))).numberMatched;
    const rest = (await json(await ask(`/ogc/collections/roads/items?filter=${encodeURIComponent('buildYear < 2010 OR surface IS NULL OR buildYear IS NULL')}`))).numberMatched;
    expect(some + rest).toBe(all);
  },
  'cql2/1.0/conf/advanced-comparison-operators': async (ask) => {
    const filter = "name LIKE 'X%' AND buildYear BETWEEN 2000 AND 2020 AND roadClass IN ('county', 'trunk')";
    const page = await json(await ask(`/ogc/collections/roads/items?limit=1000&filter=${encodeURIComponent(filter)}`));
    for (const f of page.features) {
      expect(f.properties.name.startsWith('X')).toBe(true);
      expect(['county', 'trunk']).toContain(f.properties.roadClass);
    }
  },
  'cql2/1.0/conf/property-property': async (ask) => {
    expect((await ask(`/ogc/collections/roads/items?filter=${encodeURIComponent('widthM < buildYear')}`)).status).toBe(200);
  },
  'cql2/1.0/conf/basic-spatial-functions': async (ask) => {
    const box = (await json(await ask(`/ogc/collections/roads/items?filter=${encodeURIComponent('S_INTERSECTS(geom, BBOX(120.5, 42.6, 120.8, 42.9))')}`))).numberMatched;
    expect(box).toBe((await json(await ask('/ogc/collections/roads/items?bbox=120.5,42.6,120.8,42.9'))).numberMatched);
  },
  'cql2/1.0/conf/basic-spatial-functions-plus': async (ask) => {
    const polygon = 'POLYGON((120.5 42.6, 120.8 42.6, 120.8 42.9, 120.5 42.9, 120.5 42.6))';
    const box = (await json(await ask('/ogc/collections/roads/items?bbox=120.5,42.6,120.8,42.9'))).numberMatched;
    expect((await json(await ask(`/ogc/collections/roads/items?filter=${encodeURIComponent(`S_INTERSECTS(geom, ${polygon})`)}`))).numberMatched).toBe(box);
  },
  'cql2/1.0/conf/spatial-functions': async (ask) => {
    const polygon = 'POLYGON((120.5 42.6, 120.8 42.6, 120.8 42.9, 120.5 42.9, 120.5 42.6))';
    const within = (await json(await ask(`/ogc/collections/roads/items?filter=${encodeURIComponent(`S_WITHIN(geom, ${polygon})`)}`))).numberMatched;
    const disjoint = (await json(await ask(`/ogc/collections/roads/items?filter=${encodeURIComponent(`S_DISJOINT(geom, ${polygon})`)}`))).numberMatched;
    const all = (await json(await ask('/ogc/collections/roads/items?limit=1'))).numberMatched;
    const box = (await json(await ask('/ogc/collections/roads/items?bbox=120.5,42.6,120.8,42.9'))).numberMatched;
    expect(disjoint).toBe(all - box);
    expect(within).toBeLessThanOrEqual(box);
  },
  'ogcapi-features-4/1.0/conf/create-replace-delete': async (ask, { roadId }) => {
    const road = await json(await ask(`/ogc/collections/roads/items/${roadId}`));
    const { id, version, updatedAt, updatedBy, ...properties } = road.properties; // eslint-disable-line @typescript-eslint/no-unused-vars
    const created = await ask('/ogc/collections/roads/items', { method: 'POST', headers: { 'content-type': 'application/geo+json' }, body: JSON.stringify({ type: 'Feature', geometry: road.geometry, properties: { ...properties, externalId: null, name: 'probe' } }) });
    expect(created.status).toBe(201);
    const location = new URL(created.headers.get('location')!).pathname;
    const replaced = await ask(location, { method: 'PUT', headers: { 'content-type': 'application/geo+json', 'if-match': created.headers.get('etag')! }, body: JSON.stringify({ type: 'Feature', geometry: road.geometry, properties: { ...properties, externalId: null, name: 'probe 2' } }) });
    expect(replaced.status).toBe(200);
    expect((await ask(location, { method: 'DELETE', headers: { 'if-match': replaced.headers.get('etag')! } })).status).toBe(204);
    expect((await ask(location)).status).toBe(404);
  },
  'ogcapi-features-4/1.0/conf/update': async (ask, { roadId }) => {
    const patched = await ask(`/ogc/collections/roads/items/${roadId}`, { method: 'PATCH', headers: { 'content-type': 'application/json', 'if-match': '*' }, body: JSON.stringify({ properties: { project: 'probe' } }) });
    expect(patched.status).toBe(200);
    expect((await json(patched)).properties.project).toBe('probe');
  },
  'ogcapi-tiles-1/1.0/conf/core': async (ask, { tile }) => {
    const response = await ask(`/ogc/collections/roads/tiles/WebMercatorQuad/12/${tile.y}/${tile.x}`);
    expect(response.status).toBe(200);
    expect((await ask('/ogc/collections/roads/tiles/WebMercatorQuad/1/5/5')).status).toBe(404);
  },
  'ogcapi-tiles-1/1.0/conf/tileset': async (ask) => {
    const tileset = await json(await ask('/ogc/collections/roads/tiles/WebMercatorQuad'));
    expect(tileset.links.find((l: Json) => l.rel === 'item').href).toContain('{tileMatrix}/{tileRow}/{tileCol}');
  },
  'ogcapi-tiles-1/1.0/conf/tilesets-list': async (ask) => {
    expect((await json(await ask('/ogc/collections/roads/tiles'))).tilesets).toHaveLength(1);
  },
  'ogcapi-tiles-1/1.0/conf/geodata-tilesets': async (ask) => {
    const collection = await json(await ask('/ogc/collections/roads'));
    expect(collection.links.map((l: Json) => l.rel)).toContain('http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector');
  },
  'ogcapi-tiles-1/1.0/conf/mvt': async (ask, { tile }) => {
    const response = await ask(`/ogc/collections/roads/tiles/WebMercatorQuad/12/${tile.y}/${tile.x}`);
    expect(response.headers.get('content-type')).toBe('application/vnd.mapbox-vector-tile');
  },
  'ogcapi-tiles-1/1.0/conf/oas30': async (ask) => {
    const description = await json(await ask('/api/openapi.json'));
    expect(Object.keys(description.paths)).toContain('/ogc/collections/{collectionId}/tiles/{tileMatrixSetId}/{tileMatrix}/{tileRow}/{tileCol}');
  },
  'tms/2.0/conf/tilematrixset': async (ask) => {
    const tms = await json(await ask('/ogc/tileMatrixSets/WebMercatorQuad'));
    expect(tms.tileMatrices[0]).toMatchObject({ id: '0', matrixWidth: 1, matrixHeight: 1, cornerOfOrigin: 'topLeft' });
  },
  'tms/2.0/conf/json-tilematrixset': async (ask) => {
    const response = await ask('/ogc/tileMatrixSets/WebMercatorQuad');
    expect(response.headers.get('content-type')).toContain('application/json');
    expect((await json(response)).crs).toBe('http://www.opengis.net/def/crs/EPSG/0/3857');
  },
};

describe.each(TEST_DRIVERS)('every OGC requirement class /ogc/conformance declares, probed, on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let editor: { authorization: string };
  let context: Parameters<Probe>[1];

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    editor = await authHeaderFor(app.request, 'editor-roads');
    const [road] = await database.rows<{ id: number; lon: number; lat: number }>(sql`SELECT id, ST_X(ST_StartPoint(geom)) AS lon, ST_Y(ST_StartPoint(geom)) AS lat FROM roads ORDER BY id LIMIT 1`);
    context = { roadId: road.id, tile: tileContaining(road.lon, road.lat, 12) };
  });
  afterAll(() => database?.close());

  it('has a probe for each declared class, and a class for each probe', () => {
    const declared = OGC_CONFORMANCE.map((uri) => uri.replace('http://www.opengis.net/spec/', ''));
    expect(declared.filter((c) => !PROBES[c])).toEqual([]);
    expect(Object.keys(PROBES).filter((c) => !declared.includes(c))).toEqual([]);
  });

  it.each(Object.keys(PROBES))('%s', async (conformanceClass) => {
    const ask = async (path: string, init: RequestInit = {}) => app.request(path, { ...init, headers: { ...editor, ...(init.headers as Record<string, string> ?? {}) } });
    await PROBES[conformanceClass](ask, context);
  });
});

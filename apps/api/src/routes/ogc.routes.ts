import { Hono, type Context } from 'hono';
import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { CRS84, LAYER_IDS, LAYERS, SERVED_CRS, VERDICTS, type LayerId, type ServedCrs } from '@cuntu/domain';
import { layerQueryables } from '../features/queryables';
import type { AppEnv } from '../env';
import { featuresService, etagOf, withoutVerdicts, withVerdicts } from '../features/features.service';
import { geoJsonToWgs84, LAYER_TABLES } from '@cuntu/db';
import { answerCrs, contentCrs, expectedVersion, featureBody, featureIdParam, layerParam, parseListQuery } from '../features/request-parsing';
import { ApiError } from '../errors';
import { featureContext, toGeoJson } from './features.routes';
import { layerExtent, ogcBase, ogcHref } from './ogc-links';
import { regionOf } from '../auth/region';
import { htmlAlternate, ogcHtml, wantsHtml } from './ogc-html';
import { OGC_TILES_CONFORMANCE, ogcTilesRoutes } from './ogc-tiles.routes';

const GEOJSON = 'application/geo+json';
export const OGC_CONFORMANCE = [
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/core',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/geojson',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/html',
  'http://www.opengis.net/spec/ogcapi-features-1/1.0/conf/oas30',
  'http://www.opengis.net/spec/ogcapi-features-2/1.0/conf/crs',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/queryables-query-parameters',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/filter',
  'http://www.opengis.net/spec/ogcapi-features-3/1.0/conf/features-filter',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-text',
  'http://www.opengis.net/spec/cql2/1.0/conf/cql2-json',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-cql2',
  'http://www.opengis.net/spec/cql2/1.0/conf/advanced-comparison-operators',
  'http://www.opengis.net/spec/cql2/1.0/conf/property-property',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions',
  'http://www.opengis.net/spec/cql2/1.0/conf/basic-spatial-functions-plus',
  'http://www.opengis.net/spec/cql2/1.0/conf/spatial-functions',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/create-replace-delete',
  'http://www.opengis.net/spec/ogcapi-features-4/1.0/conf/update',
  ...OGC_TILES_CONFORMANCE,
];

async function collection(c: Context<AppEnv>, layer: LayerId) {
  const extent = await layerExtent(c.get('database'), layer, regionOf(c.get('user')));
  const url = `/collections/${layer}`;
  return {
    id: layer,
    title: `${LAYERS[layer].labelZh} ${LAYERS[layer].labelEn}`,
    description: `村图 ${LAYERS[layer].labelZh} (${LAYERS[layer].geometry})`,
    itemType: 'feature',
    crs: SERVED_CRS.map((crs) => crs.uri),
    storageCrs: CRS84.uri,
    extent: { spatial: { bbox: [extent ?? [-180, -90, 180, 90]], crs: CRS84.uri } },
    links: [
      { href: ogcHref(c, url), rel: 'self', type: 'application/json', title: 'This collection' },
      { href: ogcHref(c, `${url}/items`), rel: 'items', type: GEOJSON, title: 'Features' },
      { href: ogcHref(c, `${url}/tiles`), rel: 'http://www.opengis.net/def/rel/ogc/1.0/tilesets-vector', type: 'application/json', title: 'Vector tiles' },
      { href: ogcHref(c, `${url}/queryables`), rel: 'http://www.opengis.net/def/rel/ogc/1.0/queryables', type: 'application/schema+json', title: 'Queryables' },
    ],
  };
}

/** The JSON Schema `format` of a layer's geometry queryable (OGC API – Features Part 3). */
const GEOMETRY_FORMAT: Record<string, string> = {
  Point: 'geometry-point', LineString: 'geometry-linestring', MultiLineString: 'geometry-multilinestring', Polygon: 'geometry-polygon', MultiPolygon: 'geometry-multipolygon',
};

/**
 * The properties a layer's features can be selected by (OGC API – Features Part 3): its properties as
 * its definition's schema describes them (household personal data only for those who may see it),
 * each rule's verdict, and the geometry; the same list the filter's names are checked against.
 */
function queryables(c: Context<AppEnv>, layer: LayerId) {
  const schema = z.toJSONSchema(LAYERS[layer].properties, { io: 'input', unrepresentable: 'any' }) as { properties: Record<string, object> };
  const properties: Record<string, object> = {};
  for (const [name, queryable] of layerQueryables(layer, c.get('user'))) {
    if (queryable.kind === 'geometry') properties[name] = { title: name, format: GEOMETRY_FORMAT[LAYER_TABLES[layer].geometryType] ?? 'geometry-any', 'x-ogc-role': 'primary-geometry' };
    else if (queryable.kind === 'verdict') properties[name] = { title: name, description: `The verdict of rule ${name} under the active standards profile`, type: 'string', enum: [...VERDICTS] };
    else properties[name] = { title: name, ...(schema.properties[name] ?? { type: queryable.type === 'timestamp' ? 'string' : queryable.type, ...(queryable.type === 'timestamp' ? { format: 'date-time' } : {}) }) };
  }
  return c.body(JSON.stringify({
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: `${ogcBase(c)}/collections/${layer}/queryables`,
    type: 'object',
    title: `${LAYERS[layer].labelZh} ${LAYERS[layer].labelEn}`,
    properties,
    additionalProperties: false,
  }), 200, { 'Content-Type': 'application/schema+json' });
}

/** A GeoJSON answer, saying which CRS its coordinates are in (OGC API – Features Part 2). */
const geojson = (c: Context, body: unknown, status: 200 | 201 = 200, crs: ServedCrs = CRS84) =>
  c.body(JSON.stringify(body), status, { 'Content-Type': GEOJSON, 'Content-Crs': `<${crs.uri}>` });

/**
 * A write's feature with its geometry in CRS84 (converted by PostGIS when the body names another CRS in
 * `Content-Crs`), without the verdicts the client read with it.
 */
async function featureInCrs84(c: Context<AppEnv>) {
  const body = withoutVerdicts(layerParam(c), await featureBody(c));
  const crs = contentCrs(c);
  // Not GeoJSON at all: the write's own validation says what is wrong, in the usual words.
  if (!crs || !body.geometry || typeof body.geometry !== 'object' || !('coordinates' in body.geometry)) return body;
  const [row] = await c.get('database').rows<{ geometry: unknown }>(sql`SELECT ${geoJsonToWgs84(body.geometry, crs)} AS geometry`).catch(() => {
    throw new ApiError(422, 'invalid_geometry', { key: 'error.geometryNotInCrs', params: { crs: crs.uri } });
  });
  return { ...body, geometry: row.geometry };
}

/** The landing page, also served at `/ogc/` (where OWSLib asks for it). */
export const ogcLanding = (c: Context) => {
  const links = [
    { href: ogcHref(c), rel: 'self', type: 'application/json', title: 'This document' },
    htmlAlternate(c),
    { href: `${new URL(c.req.url).origin}/api/openapi.json`, rel: 'service-desc', type: 'application/vnd.oai.openapi+json;version=3.0', title: 'The API definition' },
    { href: ogcHref(c, '/conformance'), rel: 'conformance', type: 'application/json', title: 'Conformance classes' },
    { href: ogcHref(c, '/collections'), rel: 'data', type: 'application/json', title: 'The collections' },
    { href: ogcHref(c, '/tileMatrixSets'), rel: 'http://www.opengis.net/def/rel/ogc/1.0/tiling-schemes', type: 'application/json', title: 'Tiling schemes' },
  ];
  if (wantsHtml(c)) return ogcHtml(c, ogcBase(c)).landing(links);
  return c.json({
    title: '村图 Cuntu — OGC API Features',
    description: 'The layers of the county (villages, roads, water sources, houses, relocation sites, assets …) as OGC API – Features collections',
    links,
  });
};

/**
 * OGC API – Features: Part 1 Core with GeoJSON and HTML (each GET as a page when a browser or `f=html`
 * asks), Part 2 coordinate systems, Part 3 filtering, and Part 4 create / replace / update / delete.
 */
export const ogcRoutes = new Hono<AppEnv>()
  .get('/', ogcLanding)
  .get('/conformance', (c) => (wantsHtml(c) ? ogcHtml(c, ogcBase(c)).conformance(OGC_CONFORMANCE) : c.json({ conformsTo: OGC_CONFORMANCE, links: [htmlAlternate(c)] })))
  .get('/collections', async (c) => {
    const collections = await Promise.all(LAYER_IDS.map((layer) => collection(c, layer)));
    if (wantsHtml(c)) return ogcHtml(c, ogcBase(c)).collections(collections);
    return c.json({ links: [{ href: ogcHref(c, '/collections'), rel: 'self', type: 'application/json' }, htmlAlternate(c)], collections });
  })
  .get('/collections/:collectionId', async (c) => {
    const found = await collection(c, layerParam(c));
    if (wantsHtml(c)) return ogcHtml(c, ogcBase(c)).collection(found.id, found.crs, found.extent.spatial.bbox[0]);
    return c.json({ ...found, links: [...found.links, htmlAlternate(c)] });
  })
  .get('/collections/:collectionId/queryables', (c) => queryables(c, layerParam(c)))
  .route('/', ogcTilesRoutes)
  .get('/collections/:collectionId/items', async (c) => {
    const layer = layerParam(c);
    const q = parseListQuery(layer, c.req.query());
    const page = await featuresService.list(featureContext(c), layer, q);
    const self = new URL(c.req.url);
    const at = (offset: number) => {
      const u = new URL(self);
      u.searchParams.set('offset', String(offset));
      u.searchParams.set('limit', String(q.limit));
      return u.href;
    };
    const links = [{ href: self.href, rel: 'self', type: GEOJSON }, htmlAlternate(c)];
    if (q.offset + page.features.length < page.total) links.push({ href: at(q.offset + q.limit), rel: 'next', type: GEOJSON });
    if (q.offset > 0) links.push({ href: at(Math.max(0, q.offset - q.limit)), rel: 'prev', type: GEOJSON });
    const body = {
      type: 'FeatureCollection', timeStamp: new Date().toISOString(), numberMatched: page.total, numberReturned: page.features.length,
      features: (await withVerdicts(featureContext(c), layer, page.features)).map(toGeoJson), links,
    };
    return wantsHtml(c) ? ogcHtml(c, ogcBase(c)).items(layer, body) : geojson(c, body, 200, q.crs ?? CRS84);
  })
  .get('/collections/:collectionId/items/:featureId', async (c) => {
    const layer = layerParam(c);
    const crs = answerCrs(c.req.query());
    const [feature] = await withVerdicts(featureContext(c), layer, [await featuresService.get(featureContext(c), layer, featureIdParam(c, layer), crs === CRS84 ? undefined : crs)]);
    c.header('ETag', etagOf(feature));
    if (wantsHtml(c)) return ogcHtml(c, ogcBase(c)).item(layer, toGeoJson(feature));
    const url = `/collections/${layer}`;
    const links = [{ href: ogcHref(c, `${url}/items/${feature.id}`), rel: 'self', type: GEOJSON }, htmlAlternate(c), { href: ogcHref(c, url), rel: 'collection', type: 'application/json' }];
    return geojson(c, { ...toGeoJson(feature), links }, 200, crs);
  })
  .post('/collections/:collectionId/items', async (c) => {
    const layer = layerParam(c);
    const { feature } = await featuresService.create(featureContext(c), layer, await featureInCrs84(c));
    c.header('ETag', etagOf(feature));
    c.header('Location', `${ogcBase(c)}/collections/${layer}/items/${feature.id}`);
    return geojson(c, toGeoJson(feature), 201);
  })
  .put('/collections/:collectionId/items/:featureId', async (c) => {
    const layer = layerParam(c);
    const { feature } = await featuresService.update(featureContext(c), layer, featureIdParam(c, layer), expectedVersion(c), await featureInCrs84(c), true);
    c.header('ETag', etagOf(feature));
    return geojson(c, toGeoJson(feature));
  })
  .patch('/collections/:collectionId/items/:featureId', async (c) => {
    const layer = layerParam(c);
    const { feature } = await featuresService.update(featureContext(c), layer, featureIdParam(c, layer), expectedVersion(c), await featureInCrs84(c));
    c.header('ETag', etagOf(feature));
    return geojson(c, toGeoJson(feature));
  })
  .delete('/collections/:collectionId/items/:featureId', async (c) => {
    const layer = layerParam(c);
    await featuresService.delete(featureContext(c), layer, featureIdParam(c, layer), expectedVersion(c));
    return c.body(null, 204);
  });

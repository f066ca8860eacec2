import type { Context } from 'hono';
import { featuresApi } from '@cuntu/api-contract';
import type { AppEnv } from '../env';
import { featuresService, etagOf, type FeatureContext } from '../features/features.service';
import type { StoredFeature } from '../features/features.repo';
import { expectedVersion, featureBody, featureIdParam, layerParam, parseListQuery } from '../features/request-parsing';
import { contractRouter } from './contract-routes';

export const featureContext = (c: Context<AppEnv>): FeatureContext => ({ database: c.get('database'), user: c.get('user'), settings: c.get('settings') });

/** The features API: every layer as GeoJSON, with validated, optimistically locked, audited writes. */
const { routes } = featuresApi;

export const featuresRoutes = contractRouter()
  .openapi(routes.list, async (c) => {
    const layer = layerParam(c);
    const q = parseListQuery(layer, c.req.query());
    const page = await featuresService.list(featureContext(c), layer, q);
    // The web apps read CRS84; another CRS (as OGC API clients ask for it) is said in the same header.
    if (q.crs) c.header('Content-Crs', `<${q.crs.uri}>`);
    return c.json({ type: 'FeatureCollection' as const, layer, total: page.total, limit: q.limit, offset: q.offset, features: page.features.map(toGeoJson) }, 200);
  })
  .openapi(routes.get, async (c) => {
    const layer = layerParam(c);
    const feature = await featuresService.get(featureContext(c), layer, featureIdParam(c, layer));
    c.header('ETag', etagOf(feature));
    return c.json(toGeoJson(feature), 200);
  })
  .openapi(routes.create, async (c) => {
    const layer = layerParam(c);
    const { feature, checks } = await featuresService.create(featureContext(c), layer, await featureBody(c));
    c.header('ETag', etagOf(feature));
    c.header('Location', `/api/features/${layer}/${feature.id}`);
    return c.json({ ...toGeoJson(feature), checks }, 201);
  })
  .openapi(routes.update, async (c) => {
    const layer = layerParam(c);
    const id = featureIdParam(c, layer);
    const { feature, checks } = await featuresService.update(featureContext(c), layer, id, expectedVersion(c), await featureBody(c));
    c.header('ETag', etagOf(feature));
    return c.json({ ...toGeoJson(feature), checks }, 200);
  })
  .openapi(routes.replace, async (c) => {
    const layer = layerParam(c);
    const id = featureIdParam(c, layer);
    const { feature, checks } = await featuresService.update(featureContext(c), layer, id, expectedVersion(c), await featureBody(c), true);
    c.header('ETag', etagOf(feature));
    return c.json({ ...toGeoJson(feature), checks }, 200);
  })
  .openapi(routes.delete, async (c) => {
    const layer = layerParam(c);
    await featuresService.delete(featureContext(c), layer, featureIdParam(c, layer), expectedVersion(c));
    return c.body(null, 204);
  })
  .openapi(routes.history, async (c) => {
    const layer = layerParam(c);
    return c.json({ history: await featuresService.history(featureContext(c), layer, featureIdParam(c, layer)) }, 200);
  })
  .openapi(routes.revert, async (c) => {
    const layer = layerParam(c);
    const id = featureIdParam(c, layer);
    const version = expectedVersion(c);
    const { version: toVersion } = c.req.valid('json');
    const { feature, checks } = await featuresService.revert(featureContext(c), layer, id, version, toVersion);
    c.header('ETag', etagOf(feature));
    return c.json({ ...toGeoJson(feature), checks }, 200);
  });

export function toGeoJson<P extends Record<string, unknown>>(f: { id: string | number; geometry: StoredFeature['geometry'] | null; properties: P }) {
  return { type: 'Feature' as const, id: f.id, geometry: f.geometry, properties: f.properties };
}

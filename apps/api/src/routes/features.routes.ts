import { Hono, type Context } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { featuresService, etagOf, type FeatureContext } from '../features/features.service';
import { expectedVersion, featureBody, featureIdParam, layerParam, parseListQuery } from '../features/request-parsing';
import { parseJson } from '../validation';

export const featureContext = (c: Context<AppEnv>): FeatureContext => ({ database: c.get('database'), user: c.get('user'), settings: c.get('settings') });

const revertBody = z.object({ version: z.number().int().positive() });

/** The features API: every layer as GeoJSON, with validated, optimistically locked, audited writes. */
export const featuresRoutes = new Hono<AppEnv>()
  .get('/:layer', async (c) => {
    const layer = layerParam(c);
    const q = parseListQuery(layer, c.req.query());
    const page = await featuresService.list(featureContext(c), layer, q);
    return c.json({ type: 'FeatureCollection', layer, total: page.total, limit: q.limit, offset: q.offset, features: page.features.map(toGeoJson) });
  })
  .get('/:layer/:id', async (c) => {
    const layer = layerParam(c);
    const feature = await featuresService.get(featureContext(c), layer, featureIdParam(c, layer));
    c.header('ETag', etagOf(feature));
    return c.json(toGeoJson(feature));
  })
  .post('/:layer', async (c) => {
    const layer = layerParam(c);
    const { feature, checks } = await featuresService.create(featureContext(c), layer, await featureBody(c));
    c.header('ETag', etagOf(feature));
    c.header('Location', `/api/features/${layer}/${feature.id}`);
    return c.json({ ...toGeoJson(feature), checks }, 201);
  })
  .patch('/:layer/:id', async (c) => {
    const layer = layerParam(c);
    const id = featureIdParam(c, layer);
    const { feature, checks } = await featuresService.update(featureContext(c), layer, id, expectedVersion(c), await featureBody(c));
    c.header('ETag', etagOf(feature));
    return c.json({ ...toGeoJson(feature), checks });
  })
  .put('/:layer/:id', async (c) => {
    const layer = layerParam(c);
    const id = featureIdParam(c, layer);
    const { feature, checks } = await featuresService.update(featureContext(c), layer, id, expectedVersion(c), await featureBody(c), true);
    c.header('ETag', etagOf(feature));
    return c.json({ ...toGeoJson(feature), checks });
  })
  .delete('/:layer/:id', async (c) => {
    const layer = layerParam(c);
    await featuresService.delete(featureContext(c), layer, featureIdParam(c, layer), expectedVersion(c));
    return c.body(null, 204);
  })
  .get('/:layer/:id/history', async (c) => {
    const layer = layerParam(c);
    return c.json({ history: await featuresService.history(featureContext(c), layer, featureIdParam(c, layer)) });
  })
  .post('/:layer/:id/revert', async (c) => {
    const layer = layerParam(c);
    const id = featureIdParam(c, layer);
    const version = expectedVersion(c);
    const { version: toVersion } = await parseJson(c, revertBody);
    const { feature, checks } = await featuresService.revert(featureContext(c), layer, id, version, toVersion);
    c.header('ETag', etagOf(feature));
    return c.json({ ...toGeoJson(feature), checks });
  });

export function toGeoJson(f: { id: string | number; geometry: unknown; properties: Record<string, unknown> }) {
  return { type: 'Feature' as const, id: f.id, geometry: f.geometry, properties: f.properties };
}

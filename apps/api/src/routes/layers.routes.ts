import { Hono } from 'hono';
import { z } from 'zod';
import { ApiError } from '../errors';
import type { AppEnv } from '../env';
import { createLayersRepo, isLayerId } from '../repos/layers.repo';
import { parseQuery } from '../validation';

const pageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(1000).default(50),
  offset: z.coerce.number().int().min(0).default(0),
});

/** Layer counts and pages of features (read-only; editing arrives with the features API). */
export const layersRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json({ layers: await createLayersRepo(c.get('database')).countAll() }))
  .get('/:layer', async (c) => {
    const layer = c.req.param('layer');
    if (!isLayerId(layer)) throw new ApiError(404, 'unknown_layer', `No layer named "${layer}"`);
    const { limit, offset } = parseQuery(c, pageQuery);
    const { total, features } = await createLayersRepo(c.get('database')).page(layer, limit, offset);
    return c.json({ layer, total, limit, offset, ...features });
  });

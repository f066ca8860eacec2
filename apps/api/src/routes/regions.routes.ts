import { Hono } from 'hono';
import { z } from 'zod';
import type { AppEnv } from '../env';
import { createRegionsRepo } from '../repos/regions.repo';
import { parseQuery } from '../validation';

const townQuery = z.object({ county: z.string().regex(/^\d{12}$/, '12-digit county code').optional() });
const villageQuery = z.object({
  town: z.string().regex(/^\d{12}$/, '12-digit town code').optional(),
  shape: z.enum(['committee', 'boundary']).default('committee'),
});

/** The region hierarchy as GeoJSON: counties, towns, villages. */
export const regionsRoutes = new Hono<AppEnv>()
  .get('/counties', async (c) => c.json(await createRegionsRepo(c.get('database')).listCounties()))
  .get('/towns', async (c) => {
    const q = parseQuery(c, townQuery);
    return c.json(await createRegionsRepo(c.get('database')).listTowns(q.county));
  })
  .get('/villages', async (c) => {
    const q = parseQuery(c, villageQuery);
    return c.json(await createRegionsRepo(c.get('database')).listVillages({ townCode: q.town, shape: q.shape }));
  });

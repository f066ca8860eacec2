import { Hono } from 'hono';
import type { AppEnv } from '../env';
import { createLayersRepo } from '../repos/layers.repo';

/** `GET /api/layers`: the feature count of every layer (pages of features: `/api/features/{layer}`). */
export const layersRoutes = new Hono<AppEnv>().get('/', async (c) => c.json({ layers: await createLayersRepo(c.get('database')).countAll() }));

import { Hono } from 'hono';
import { basemapSource } from '@cuntu/domain';
import type { AppEnv } from '../env';

/** `GET /api/config`: what the web apps need to know about this deployment (the basemap, for now). */
export const configRoutes = new Hono<AppEnv>().get('/', (c) => {
  const { basemap } = c.get('settings');
  return c.json({ basemap: basemapSource(basemap) });
});

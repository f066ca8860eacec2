import { Hono } from 'hono';
import type { Database } from '@cuntu/db';
import type { AppEnv } from './env';
import { ApiError, renderError } from './errors';
import { healthRoutes } from './routes/health.routes';
import { regionsRoutes } from './routes/regions.routes';
import { layersRoutes } from './routes/layers.routes';
import { standardsRoutes } from './routes/standards.routes';
import { checksRoutes } from './routes/checks.routes';
import { mountWebApps } from './web';

export interface CreateAppOptions {
  database: Database;
  /** Serve the built web apps from this `apps/` folder; `false` serves the API alone. Default: false. */
  webAppsDir?: string | false;
}

/** Builds the Hono app: the REST API under `/api` and, optionally, the built web apps. */
export function createApp({ database, webAppsDir = false }: CreateAppOptions) {
  const app = new Hono<AppEnv>();
  app.onError(renderError);
  app.use('*', async (c, next) => {
    c.set('database', database);
    await next();
  });
  app.route('/api/health', healthRoutes);
  app.route('/api/regions', regionsRoutes);
  app.route('/api/layers', layersRoutes);
  app.route('/api/standards', standardsRoutes);
  app.route('/api/checks', checksRoutes);
  app.all('/api/*', (c) => {
    throw new ApiError(404, 'not_found', `No API route ${c.req.method} ${c.req.path}`);
  });
  if (webAppsDir !== false) mountWebApps(app, webAppsDir);
  return app;
}

export type CuntuApp = ReturnType<typeof createApp>;

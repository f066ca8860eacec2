import { Hono } from 'hono';
import type { Database } from '@cuntu/db';
import { DEFAULT_SETTINGS, type AppEnv, type AppSettings } from './env';
import { ApiError, renderError } from './errors';
import { rejectMalformedInput } from './input-guard';
import { requireCurrentPassword, requireReader, resolveUser } from './auth/session';
import { healthRoutes } from './routes/health.routes';
import { authRoutes, meRoutes } from './routes/auth.routes';
import { regionsRoutes } from './routes/regions.routes';
import { layersRoutes } from './routes/layers.routes';
import { featuresRoutes } from './routes/features.routes';
import { standardsRoutes } from './routes/standards.routes';
import { checksRoutes } from './routes/checks.routes';
import { ogcLanding, ogcRoutes } from './routes/ogc.routes';
import { openApiRoutes } from './routes/openapi.routes';
import { configRoutes } from './routes/config.routes';
import { tilesRoutes } from './routes/tiles.routes';
import { importsRoutes } from './routes/imports.routes';
import { exportsRoutes } from './routes/exports.routes';
import { accountsRoutes } from './routes/accounts.routes';
import { createImportJobs } from './imports/import-jobs';
import { createTileCache } from '@cuntu/tiles';
import { mountWebApps } from './web';
import { createSettingsStore } from './settings/settings-store';
import { createBackgroundJobs } from './jobs/background-jobs';
import { adminRoutes } from './routes/admin.routes';
import { briefingsRoutes } from './routes/briefings.routes';
import { waterRoutes } from './routes/water.routes';
import { villagesRoutes } from './routes/villages.routes';

export interface CreateAppOptions {
  database: Database;
  /** Deployment settings; missing fields take their defaults. */
  settings?: Partial<AppSettings>;
  /** Serve the built web apps from this `apps/` folder; `false` serves the API alone. Default: false. */
  webAppsDir?: string | false;
}

/** Builds the Hono app: the REST API under `/api`, OGC API Features under `/ogc`, and optionally the web apps. */
export function createApp({ database, settings = {}, webAppsDir = false }: CreateAppOptions) {
  const resolved: AppSettings = { ...DEFAULT_SETTINGS, ...settings };
  const app = new Hono<AppEnv>();
  const imports = createImportJobs({ maxFeatures: resolved.importMaxFeatures });
  const tileCache = createTileCache(resolved.tileCacheBytes);
  const settingsStore = createSettingsStore(database, resolved);
  const jobs = createBackgroundJobs();
  app.onError(renderError);
  app.use('*', async (c, next) => {
    c.set('database', database);
    c.set('settingsStore', settingsStore);
    c.set('settings', await settingsStore.current());
    c.set('jobs', jobs);
    c.set('imports', imports);
    c.set('tileCache', tileCache);
    await next();
  });
  app.use('/api/*', rejectMalformedInput);
  app.use('/ogc', rejectMalformedInput);
  app.use('/ogc/*', rejectMalformedInput);
  app.use('/api/*', resolveUser);
  app.use('/ogc', resolveUser);
  app.use('/ogc/*', resolveUser);

  // Open to everyone: health, login, and the API description.
  app.route('/api/health', healthRoutes);
  app.route('/api/auth', authRoutes);
  app.route('/api/openapi.json', openApiRoutes);
  app.route('/api/config', configRoutes);

  // Everything else needs a login (or a public read-only deployment); writes check roles themselves.
  app.use('/api/*', requireReader);
  app.use('/ogc', requireReader);
  app.use('/ogc/*', requireReader);
  app.route('/api/me', meRoutes);
  app.use('/api/*', requireCurrentPassword);
  app.use('/ogc/*', requireCurrentPassword);
  app.route('/api/admin/users', accountsRoutes);
  app.route('/api/admin', adminRoutes);
  app.route('/api/regions', regionsRoutes);
  app.route('/api/layers', layersRoutes);
  app.route('/api/features', featuresRoutes);
  app.route('/api/water', waterRoutes);
  app.route('/api/villages', villagesRoutes);
  app.route('/api/standards', standardsRoutes);
  app.route('/api/checks', checksRoutes);
  app.route('/api/tiles', tilesRoutes);
  app.route('/api/imports', importsRoutes);
  app.route('/api/exports', exportsRoutes);
  app.route('/api/briefings', briefingsRoutes);
  app.route('/ogc', ogcRoutes);
  // Clients ask for the landing page with a slash too (OWSLib does); nothing under /ogc or /api is a web page.
  app.get('/ogc/', ogcLanding);
  app.all('/ogc/*', (c) => {
    throw new ApiError(404, 'not_found', `No OGC API route ${c.req.method} ${c.req.path}`);
  });
  app.all('/api/*', (c) => {
    throw new ApiError(404, 'not_found', `No API route ${c.req.method} ${c.req.path}`);
  });
  if (webAppsDir !== false) mountWebApps(app, webAppsDir);
  return app;
}

export type CuntuApp = ReturnType<typeof createApp>;

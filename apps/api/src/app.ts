import { OpenAPIHono } from '@hono/zod-openapi';
import { API } from '@cuntu/api-contract';
import type { Database } from '@cuntu/db';
import { DEFAULT_SETTINGS, type AppEnv, type AppSettings } from './env';
import { ApiError, renderError } from './errors';
import { rejectMalformedInput } from './input-guard';
import { ADMISSION, admission, type AdmissionLimits } from './admission';
import { attachmentStoreFor } from './attachments/attachment-store';
import { requireCurrentPassword, requireReader, resolveUser, SAFE_METHODS } from './auth/session';
import { knownLogins } from './auth/known-logins';
import { healthRoutes } from './routes/health.routes';
import { authRoutes, meRoutes } from './routes/auth.routes';
import { regionsRoutes } from './routes/regions.routes';
import { layersRoutes } from './routes/layers.routes';
import { featuresRoutes } from './routes/features.routes';
import { standardsRoutes } from './routes/standards.routes';
import { checksRoutes } from './routes/checks.routes';
import { ogcLanding, ogcRoutes } from './routes/ogc.routes';
import { buildOpenApi } from './routes/openapi.routes';
import { declareServed } from './routes/contract-routes';
import { configRoutes } from './routes/config.routes';
import { tilesRoutes } from './routes/tiles.routes';
import { importsRoutes } from './routes/imports.routes';
import { exportsRoutes } from './routes/exports.routes';
import { accountsRoutes } from './routes/accounts.routes';
import { setupRoutes } from './routes/setup.routes';
import { createImportJobs } from './imports/import-jobs';
import { createTileCache, stampMemory } from '@cuntu/tiles';
import { mountWebApps } from './web';
import { noteWrites, readFromReplica } from './read-replica';
import { layerCountsMemory } from './repos/layers.repo';
import { createSettingsStore } from './settings/settings-store';
import { createBackgroundJobs } from './jobs/background-jobs';
import { createJobStore } from './jobs/job-store';
import { adminRoutes } from './routes/admin.routes';
import { briefingsRoutes } from './routes/briefings.routes';
import { waterRoutes } from './routes/water.routes';
import { housingRoutes } from './routes/housing.routes';
import { villagesRoutes } from './routes/villages.routes';
import { tasksRoutes } from './routes/tasks.routes';
import { attachmentsRoutes } from './routes/attachments.routes';

export interface CreateAppOptions {
  database: Database;
  /** Deployment settings; missing fields take their defaults. */
  settings?: Partial<AppSettings>;
  /** Serve the built web apps from this `apps/` folder; `false` serves the API alone. Default: false. */
  webAppsDir?: string | false;
  /** How many API requests run at once and may wait (503 beyond). Default: the driver's (`ADMISSION`). */
  admission?: AdmissionLimits;
  /** Accept `POST /api/setup/first-admin` with this token (a running portal's; see `create-admin`). Default: none. */
  setupToken?: string;
}

/** Builds the Hono app: the REST API under `/api`, OGC API Features under `/ogc`, and optionally the web apps. */
export function createApp({ database, settings = {}, webAppsDir = false, admission: limits = ADMISSION[database.driver], setupToken }: CreateAppOptions) {
  const resolved: AppSettings = { ...DEFAULT_SETTINGS, ...settings };
  const app = new OpenAPIHono<AppEnv>();
  const tileCache = createTileCache(resolved.tileCacheBytes);
  const settingsStore = createSettingsStore(database, resolved);
  const jobStore = createJobStore(database);
  const jobs = createBackgroundJobs(jobStore);
  const attachmentStore = attachmentStoreFor(database, resolved.attachmentsDir);
  app.onError(renderError);
  // Fair service before anything touches the database (settings, sessions): a bounded queue, then 503 + Retry-After.
  const admit = admission(limits);
  app.use('/api/*', admit.middleware);
  app.use('/ogc', admit.middleware);
  app.use('/ogc/*', admit.middleware);
  // PGlite's transaction takes its one connection: an import's write waits until the requests inside are done and holds it alone.
  const imports = createImportJobs(jobStore, { maxFeatures: resolved.importMaxFeatures }, database.driver === 'pglite' ? admit.alone : undefined);
  app.use('*', async (c, next) => {
    c.set('database', database);
    c.set('settingsStore', settingsStore);
    c.set('settings', await settingsStore.current());
    c.set('jobStore', jobStore);
    c.set('jobs', jobs);
    c.set('imports', imports);
    c.set('tileCache', tileCache);
    c.set('attachmentStore', attachmentStore);
    await next();
  });
  // What this process remembers of the database (who logins are, the tiles' stamps, the layers' counts) is forgotten as it
  // answers any write of its own, before the answer leaves; other processes hear the database's notices.
  app.use('*', async (c, next) => {
    try {
      await next();
    } finally {
      if (!SAFE_METHODS.has(c.req.method)) {
        knownLogins(database).forget();
        stampMemory(database).forget();
        layerCountsMemory(database).forget();
      }
    }
  });
  app.use('/api/*', rejectMalformedInput);
  app.use('/ogc', rejectMalformedInput);
  app.use('/ogc/*', rejectMalformedInput);
  app.use('/api/*', resolveUser);
  app.use('/ogc', resolveUser);
  app.use('/ogc/*', resolveUser);

  // Open to everyone: health, login, and the API description.
  app.route(API.health.base, healthRoutes);
  app.route(API.auth.base, authRoutes);
  app.route(API.setup.base, setupRoutes(setupToken));
  let document: ReturnType<typeof buildOpenApi> | null = null;
  app.get('/api/openapi.json', (c) => c.json((document ??= buildOpenApi(app))));
  app.route(API.config.base, configRoutes);

  // Everything else needs a login (or a public read-only deployment); writes check roles themselves.
  app.use('/api/*', requireReader);
  app.use('/ogc', requireReader);
  app.use('/ogc/*', requireReader);
  app.route(API.me.base, meRoutes);
  app.use('/api/*', requireCurrentPassword);
  app.use('/ogc/*', requireCurrentPassword);
  // With a read replica: lag-tolerant reads go to it, writes are noted so their author reads them back from the primary.
  app.use('/api/*', noteWrites, readFromReplica);
  app.use('/ogc/*', noteWrites, readFromReplica);
  app.route(API.accounts.base, accountsRoutes);
  app.route(API.admin.base, adminRoutes);
  app.route(API.regions.base, regionsRoutes);
  app.route(API.layers.base, layersRoutes);
  app.route(API.features.base, featuresRoutes);
  app.route(API.water.base, waterRoutes);
  app.route(API.housing.base, housingRoutes);
  app.route(API.villages.base, villagesRoutes);
  app.route(API.tasks.base, tasksRoutes);
  app.route(API.attachments.base, attachmentsRoutes);
  app.route(API.standards.base, standardsRoutes);
  app.route(API.checks.base, checksRoutes);
  app.route(API.imports.base, importsRoutes);
  app.route(API.briefings.base, briefingsRoutes);
  app.route(API.tiles.base, tilesRoutes);
  app.route(API.exports.base, exportsRoutes);
  // OGC API Features answers as its standard says (GeoJSON, JSON Schema, its own links) from plain handlers, declared in the document.
  app.route(API.ogc.base, ogcRoutes);
  for (const group of [API.docs, API.ogc]) declareServed(app, group, ...Object.values(group.routes));
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

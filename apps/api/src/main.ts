import { serve } from '@hono/node-server';
import { randomBytes } from 'node:crypto';
import { DataDirInUseError, embeddedDataDir, migrateDatabase, oneStartingAtATime, openDatabase } from '@cuntu/db';
import { inEveryLocale } from '@cuntu/messages';
import { API_DEFAULT_PORT } from '@cuntu/domain';
import { generateSampleData, getSampleMeta, loadSampleData } from '@cuntu/sample-data';
import { createProfilesRepo, runChecks } from '@cuntu/checks';
import { createDemoUsers } from '@cuntu/auth';
import { keepStoredTilesMade, readTileCoverage } from '@cuntu/tiles';
import { sql } from 'drizzle-orm';
import { createApp } from './app';
import { DEFAULT_APPS_DIR } from './web';
import { settingsFromEnv } from './env';

/**
 * Starts Cuntu: opens the database (DATABASE_URL, else PGlite in CUNTU_DATA_DIR), applies migrations,
 * loads the sample county on first run unless CUNTU_SAMPLE_DATA=off, and serves API and web on PORT.
 */
const started = performance.now();
const port = Number(process.env.PORT ?? API_DEFAULT_PORT);
const database = await openDatabase({ purpose: 'portal', migrate: false }).catch((e: unknown) => {
  // Another process holds the embedded data directory: say which, rather than a stack.
  if (!(e instanceof DataDirInUseError)) throw e;
  console.error(inEveryLocale('error.dataDirInUse', e.params, '\n'));
  process.exit(1);
});
console.log(`database: ${database.driver}${database.driver === 'pglite' ? ` (${embeddedDataDir()})` : ''}`);

// Replicas starting together on one server take turns: the first migrates, loads and judges; the others find it done.
await oneStartingAtATime(database, async () => {
  await migrateDatabase(database);
  if (process.env.CUNTU_SAMPLE_DATA !== 'off' && !(await getSampleMeta(database))) {
    const seed = Number(process.env.CUNTU_SAMPLE_SEED ?? 1);
    console.log(`first run: loading the sample county (seed ${seed}) …`);
    const meta = await loadSampleData(database, generateSampleData({ seed }));
    // Demo accounts exist only together with the sample data (passwords in the README).
    await createDemoUsers(database);
    console.log(`sample county loaded (checksum ${meta.checksum.slice(0, 12)}), demo users created`);
  }

  // Standards: the shipped profiles exist, and the active one has judged the data at least once.
  const profiles = createProfilesRepo(database);
  await profiles.ensureShipped();
  const active = await profiles.active();
  const [{ judged }] = await database.rows<{ judged: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM check_results WHERE profile_id = ${active.id}) AS judged`);
  const [{ hasData }] = await database.rows<{ hasData: boolean }>(sql`SELECT EXISTS (SELECT 1 FROM counties) AS "hasData"`);
  if (!judged && hasData) {
    const run = await runChecks(database, { profileId: active.id });
    console.log(`standards checks (${active.key} v${active.version}): ${run.results} verdicts in ${run.durationMs} ms`);
  }
});

// A new process opens its connections and reads where each layer has features (empty tiles are then
// answered without a statement) before its first burst of requests rather than during it.
await database.openConnections();
void readTileCoverage(database.replica ?? database).catch((e: unknown) => console.warn(`tile coverage not read at start: ${String(e)}`));
// On a server, the low-zoom tiles (the costliest to make, what leaders open first) are made before the first request
// (by one of the processes starting together) and made again after the data changes.
if (database.driver !== 'pglite') {
  const warming = performance.now();
  await keepStoredTilesMade(database);
  console.log(`low-zoom tiles made or found made (${((performance.now() - warming) / 1000).toFixed(1)} s)`);
}

// Whoever can read the data directory's lock (this user only) may create the first administrator through the running portal.
const setupToken = database.lock ? randomBytes(24).toString('base64url') : undefined;
const app = createApp({ database, settings: settingsFromEnv(), webAppsDir: process.env.CUNTU_WEB_DIR ?? DEFAULT_APPS_DIR, setupToken });
const hostname = process.env.HOST ?? '0.0.0.0';
const server = serve({ fetch: app.fetch, port, hostname }, (info) => {
  const local = ['0.0.0.0', '::'].includes(hostname) ? '127.0.0.1' : hostname;
  void database.lock?.annotate({ url: `http://${local.includes(':') ? `[${local}]` : local}:${info.port}`, setupToken });
  console.log(`村图 Cuntu is running at http://localhost:${info.port}/  (ready in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
});

// Longer than any pause of the event loop (PGlite runs SQL on this thread): a keep-alive connection
// must not be closed under a request that arrived while a long statement ran.
(server as unknown as { keepAliveTimeout: number; headersTimeout: number }).keepAliveTimeout = 65_000;
(server as unknown as { keepAliveTimeout: number; headersTimeout: number }).headersTimeout = 66_000;

const shutdown = () => {
  server.close();
  void database.close().finally(() => process.exit(0));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);

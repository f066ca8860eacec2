import { rm } from 'node:fs/promises';
import postgres from 'postgres';
import { openDatabase, type Database } from '@cuntu/db';
import { generateSampleData, loadSampleData, type SampleDataset } from '@cuntu/sample-data';
import { createDemoUsers } from '@cuntu/auth';
import { createProfilesRepo, runChecks } from '@cuntu/checks';
import { PGLITE_TEMPLATE_DIR, TEMPLATE_SEED, serverTemplateName, withDatabaseName } from '@cuntu/testing';

/**
 * Vitest global setup: builds the sample-county template databases once per run (PGlite data directory,
 * and the server template when TEST_DATABASE_URL is set), so each test file copies instead of loading.
 */
export default async function setup(): Promise<void> {
  const started = performance.now();
  const data = generateSampleData({ seed: TEMPLATE_SEED });
  await rm(PGLITE_TEMPLATE_DIR, { recursive: true, force: true });
  const pglite = await openDatabase({ url: '', dataDir: PGLITE_TEMPLATE_DIR });
  await prepareTemplate(pglite, data);
  await pglite.close();

  const base = process.env.TEST_DATABASE_URL;
  if (base) {
    const template = serverTemplateName(base);
    const admin = postgres(base, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${template}`);
    await admin.end();
    const server = await openDatabase({ url: withDatabaseName(base, template), maxConnections: 2 });
    await prepareTemplate(server, data);
    await server.close();
  }
  console.log(`test templates ready in ${((performance.now() - started) / 1000).toFixed(1)} s${base ? ' (PGlite and PostGIS)' : ' (PGlite only; set TEST_DATABASE_URL for PostGIS)'}`);
}

/** What the portal does on first start: sample county, demo users, shipped profiles, a first check run. */
async function prepareTemplate(database: Database, data: SampleDataset): Promise<void> {
  await loadSampleData(database, data);
  await createDemoUsers(database);
  await createProfilesRepo(database).ensureShipped();
  await runChecks(database);
}

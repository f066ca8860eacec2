import { healthApi } from '@cuntu/api-contract';
import { getPostgisVersion, getSchemaVersion, type Database } from '@cuntu/db';
import { getSampleMeta } from '@cuntu/sample-data';
import type { HealthReport } from '@cuntu/domain';
import { sql } from 'drizzle-orm';
import { contractRouter } from './contract-routes';

/** The last report of each database: what health answers while a write holds the embedded one. */
const lastReports = new WeakMap<Database, HealthReport>();

/** `GET /api/health`: the driver, PostGIS and schema versions, the sample county loaded and the counties held. */
export const healthRoutes = contractRouter().openapi(healthApi.routes.get, async (c) => {
  const database = c.get('database');
  const last = lastReports.get(database);
  if (last && database.held()) return c.json(last, 200);
  const sample = await getSampleMeta(database);
  let sampleCounty: HealthReport['sampleCounty'] = null;
  if (sample) {
    const [county] = await database.rows<{ code: string; name: string }>(
      sql`SELECT code, name FROM counties WHERE code = ${sample.countyCodes[0]}`,
    );
    if (county) sampleCounty = { code: county.code, name: county.name, seed: sample.seed, isSample: true };
  }
  const report: HealthReport = {
    status: 'ok',
    driver: database.driver,
    postgisVersion: await getPostgisVersion(database),
    schemaVersion: await getSchemaVersion(database),
    sampleCounty,
    counties: await database.rows<{ code: string; name: string }>(sql`SELECT code, name FROM counties ORDER BY code`),
  };
  lastReports.set(database, report);
  return c.json(report, 200);
});

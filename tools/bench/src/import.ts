/**
 * Time to import 100,000 features (water sources, GeoJSON) through the API — upload, validation,
 * all-or-nothing commit with an audit entry per feature, re-check — against `ogr2ogr -f PostgreSQL`
 * loading the same file into a plain table of the same PostGIS server, and their ratio, in one run.
 * Also the API on PGlite with a smaller file (no ogr2ogr there; PGlite holds every other request while
 * an import's transaction runs).
 *   npx tsx tools/bench/src/import.ts [--features N] [--pglite-features N] [--no-pglite]
 */
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createDemoUsers } from '@cuntu/auth';
import { runChecks } from '@cuntu/checks';
import { generateSampleData, loadSampleData } from '@cuntu/sample-data';
import { benchDatabaseUrl, openBenchDatabase, serverAvailable } from './bench-databases';
import { seconds } from './figures';
import { startPortalProcess } from './portal-process';
import { wellsFile } from './wells-file';

const { values } = parseArgs({ options: { features: { type: 'string', default: '100000' }, 'pglite-features': { type: 'string', default: '20000' }, 'no-pglite': { type: 'boolean', default: false } } });
const N = Number(values.features);

const dir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-import-bench-'));
const data = generateSampleData({ seed: 1 });
const committees = data.villages.map((v) => (v.committee as { coordinates: [number, number] }).coordinates);
const wells = (n: number) => wellsFile(dir, n, committees);

/** Uploads and commits the file through the API of a running portal; phase times from polling the job. */
async function throughApi(env: Record<string, string>, { bytes, n }: { bytes: Uint8Array; n: number }) {
  const portal = await startPortalProcess({ ...env, CUNTU_IMPORT_MAX_FEATURES: String(Math.max(n, 200_000)) });
  try {
    const login = await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'editor-water', password: 'cuntu-water-2020' }) });
    const headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const started = performance.now();
    // As the web apps upload: the file itself as the body, its layer and name in the query.
    const upload = await fetch(`${portal.url}/api/imports?layer=water_sources&fileName=water_sources.geojson`, {
      method: 'POST', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: bytes as Uint8Array<ArrayBuffer>,
    });
    const job = (await upload.json()) as { id: string };
    if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${JSON.stringify(job)}`);
    const uploaded = performance.now();
    await fetch(`${portal.url}/api/imports/${job.id}/commit`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' });
    let state: { state: string; result: { created: number; timings: { validateMs: number; writeMs: number; recheckMs: number } } | null; error: unknown };
    for (;;) {
      state = (await (await fetch(`${portal.url}/api/imports/${job.id}`, { headers })).json()) as typeof state;
      if (state.state !== 'running') break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const total = performance.now() - started;
    if (state.state !== 'committed') throw new Error(`import ${state.state}: ${JSON.stringify(state.error)}`);
    const { timings, created } = state.result!;
    return { total, upload: uploaded - started, timings, toCommit: total - timings.recheckMs, created };
  } catch (e) {
    console.log(`the portal said:\n${portal.output().slice(-3000)}`);
    throw e;
  } finally {
    await portal.stop();
  }
}

const report = (label: string, r: Awaited<ReturnType<typeof throughApi>>) => {
  const t = r.timings;
  console.log(`${label}: ${seconds(r.toCommit)} s to committed for ${r.created} features (upload + read + inspect ${seconds(r.upload)} s, validate ${seconds(t.validateMs)} s, write with audit ${seconds(t.writeMs)} s), then re-check of the county ${seconds(t.recheckMs)} s; ${seconds(r.total)} s in all`);
};

try {
  if (await serverAvailable()) {
    const database = await openBenchDatabase('postgres');
    try {
      await loadSampleData(database, data);
      await createDemoUsers(database);
      await runChecks(database);
      const url = new URL(await benchDatabaseUrl(database));
      const name = url.pathname.slice(1);
      const { file, bytes } = await wells(N);
      const api = await throughApi({ DATABASE_URL: url.href }, { bytes, n: N });
      report('API on PostGIS', api);

      const pg = `PG:host=${url.hostname} port=${url.port || 5432} dbname=${name} user=${decodeURIComponent(url.username) || 'postgres'}${url.password ? ` password=${decodeURIComponent(url.password)}` : ''}`;
      const at = performance.now();
      const ogr = spawnSync('ogr2ogr', ['-f', 'PostgreSQL', pg, file, '-nln', 'ogr_water_sources', '-lco', 'GEOMETRY_NAME=location', '-lco', 'SPATIAL_INDEX=GIST'], { encoding: 'utf8' });
      const ogrMs = performance.now() - at;
      if (ogr.status !== 0) console.log(`ogr2ogr failed (is gdal-bin installed?): ${ogr.stderr || ogr.error}`);
      else {
        const [{ n }] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ogr_water_sources`);
        console.log(`ogr2ogr -f PostgreSQL: ${seconds(ogrMs)} s for ${n} features`);
        console.log(`ratio API (to committed) / ogr2ogr: ${(api.toCommit / ogrMs).toFixed(2)}; with the re-check: ${(api.total / ogrMs).toFixed(2)}`);
      }
    } finally {
      await database.close();
    }
  } else console.log('PostGIS server not reachable (set BENCH_DATABASE_URL): no ogr2ogr comparison');

  if (!values['no-pglite']) {
    // A first start on an empty data directory loads the sample county, as `npm start` does.
    const n = Number(values['pglite-features']);
    report('API on PGlite', await throughApi({ DATABASE_URL: '', CUNTU_DATA_DIR: path.join(dir, 'pglite') }, { bytes: (await wells(n)).bytes, n }));
  }
} finally {
  await rm(dir, { recursive: true, force: true });
}

/**
 * What desktop clients pay on /ogc, against the bare SQL under it, on the sample county in PostGIS (a
 * fresh database, the real server as a process, Node's own HTTP client, a personal access token): OGC
 * items in 0.1° boxes (100 per page, as GDAL pages), the same with a CQL2 verdict filter and in a
 * Gauss–Krüger zone (crs=EPSG:4528), and OGC API – Tiles next to the web map's tile URL (first request
 * and from the cache), each with p50 / p95; beside them the bare SQL of the same page (count and
 * GeoJSON rows, prepared) and of the same tile (the API's ST_AsMVT query). Prints a table and the load.
 *   npx tsx tools/bench/src/ogc.ts [--requests N]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { CONNECTION_SETTINGS, PLAN_CACHE_MODE } from '@cuntu/db';
import { Random } from '@cuntu/sample-data';
import { mvtTileSql, tileContaining } from '@cuntu/tiles';
import { SERVER_URL, serverAvailable } from './bench-databases';
import { startPortalProcess } from './portal-process';
import { createHttpGetter } from './http-get';
import { percentile } from './figures';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '200' } } });
const N = Number(values.requests);
const fmt = (ms: number) => ms.toFixed(2);

if (!(await serverAvailable())) {
  console.log('PostGIS server not reachable (set BENCH_DATABASE_URL): this benchmark needs it');
  process.exit(0);
}
const name = `cuntu_bench_ogc_${process.pid}`;
const admin = postgres(SERVER_URL, { max: 1, onnotice: () => undefined });
await admin.unsafe(`CREATE DATABASE ${name}`);
const url = new URL(SERVER_URL);
url.pathname = `/${name}`;
const portal = await startPortalProcess({ DATABASE_URL: url.href });
const client = postgres(url.href, { max: 1, onnotice: () => undefined, connection: { ...CONNECTION_SETTINGS, plan_cache_mode: PLAN_CACHE_MODE } });
const dialect = new PgDialect();
const bare = async (query: SQL) => {
  const { sql: text, params } = dialect.sqlToQuery(query);
  const t = performance.now();
  await client.unsafe(text, params as never[], { prepare: true });
  return performance.now() - t;
};
try {
  const login = await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'viewer', password: 'cuntu-viewer-2020' }) });
  const session = (await login.json()) as { token: string };
  const created = await fetch(`${portal.url}/api/me/tokens`, {
    method: 'POST', headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'bench', scope: 'read', expiresInDays: 1 }),
  });
  const { token } = (await created.json()) as { token: string };
  const http = createHttpGetter();
  const headers = { authorization: `Bearer ${token}` };
  const timed = async (path: string) => {
    const t = performance.now();
    const r = await http.get(`${portal.url}${path}`, headers);
    if (r.status >= 400) throw new Error(`${r.status} ${path}`);
    return performance.now() - t;
  };
  const rng = new Random(7);
  const boxes = Array.from({ length: N }, () => {
    const [lon, lat] = [rng.float(120.4, 121.4, 3), rng.float(42.3, 43.4, 3)];
    return [lon, lat, lon + 0.1, lat + 0.1];
  });
  const rows: Array<[string, number[]]> = [];
  const series = async (label: string, paths: string[]) => {
    await timed(paths[0]);
    const times: number[] = [];
    for (const path of paths) times.push(await timed(path));
    rows.push([label, times]);
  };
  const filter = encodeURIComponent(`"road.width" = 'fail'`);
  await series('ogc items, 0.1° box, 100 a page', boxes.map((b) => `/ogc/collections/roads/items?bbox=${b.join(',')}&limit=100`));
  await series('ogc items + CQL2 verdict filter', boxes.map((b) => `/ogc/collections/roads/items?bbox=${b.join(',')}&limit=100&filter=${filter}`));
  await series('ogc items in EPSG:4528', boxes.map((b) => `/ogc/collections/roads/items?bbox=${b.join(',')}&limit=100&crs=${encodeURIComponent('http://www.opengis.net/def/crs/EPSG/0/4528')}`));
  const bareTimes: number[] = [];
  for (const b of boxes) {
    const box = sql`ST_MakeEnvelope(${b[0]}, ${b[1]}, ${b[2]}, ${b[3]}, 4326)`;
    bareTimes.push(await bare(sql`SELECT count(*) FROM roads WHERE ST_Intersects(geom, ${box})`) + await bare(sql`
      SELECT id, external_id, county_code, village_code, name, road_class, surface, width_m, exemption, build_year, project, version, updated_at, updated_by,
             ST_AsGeoJSON(geom, 7)::json AS geometry FROM roads WHERE ST_Intersects(geom, ${box}) ORDER BY id LIMIT 100`));
  }
  rows.push(['bare SQL of the same page (count + rows)', bareTimes]);

  const tiles = boxes.slice(0, Math.min(N, 100)).map((b) => tileContaining(b[0], b[1], 12));
  await series('ogc tile z12, first request', tiles.map((t) => `/ogc/collections/roads/tiles/WebMercatorQuad/12/${t.y}/${t.x}`));
  await series('ogc tile z12, from the cache', tiles.map((t) => `/ogc/collections/roads/tiles/WebMercatorQuad/12/${t.y}/${t.x}`));
  await series('/api/tiles z12, from the cache', tiles.map((t) => `/api/tiles/roads/12/${t.x}/${t.y}.mvt`));
  const [{ id: profileId }] = await client`SELECT id FROM standards_profiles WHERE is_active`;
  const bareTiles: number[] = [];
  for (const t of tiles) bareTiles.push(await bare(mvtTileSql({ layer: 'roads', z: 12, x: t.x, y: t.y, profileId: Number(profileId), personalData: false })));
  rows.push(['bare SQL of the same tile (the API\'s ST_AsMVT)', bareTiles]);
  http.close();

  console.log(`load average ${os.loadavg().map((l) => l.toFixed(2)).join(' ')} on ${os.cpus().length} cores; ${N} requests a row`);
  console.log(['what', 'p50 ms', 'p95 ms'].join('\t'));
  for (const [label, times] of rows) console.log([label, fmt(percentile(times, 50)), fmt(percentile(times, 95))].join('\t'));
} finally {
  await client.end();
  await portal.stop();
  await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await admin.end();
}

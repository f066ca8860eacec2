/**
 * Vector-tile latency on prefecture-scale data (通辽市, eight counties) on PostGIS: the same tiles at
 * several zooms through the API (HTTP against the real server with Node's own client, a logged-in viewer; first request and
 * again from the API's tile cache), and as
 * bare SQL straight to PostGIS — the API's own ST_AsMVT query, and a minimal ST_AsMVT of geometry and
 * id only — with p50 / p95 and the ratios, in one run; and the floor under any API request (an
 * authenticated `GET /api/me`).
 *   npx tsx tools/bench/src/tiles.ts [--tiles N] [--layers roads,houses,villages]
 */
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createDemoUsers } from '@cuntu/auth';
import { runChecks } from '@cuntu/checks';
import type { LayerId } from '@cuntu/domain';
import { generateSampleData, loadSampleData, Random } from '@cuntu/sample-data';
import { tileContaining } from '@cuntu/tiles';
import { createBareTiles } from './bare-tiles';
import { benchDatabaseUrl, openBenchDatabase, serverAvailable } from './bench-databases';
import { startPortalProcess } from './portal-process';
import { createHttpGetter } from './http-get';
import { percentile } from './figures';

const { values } = parseArgs({ options: { tiles: { type: 'string', default: '40' }, layers: { type: 'string', default: 'roads,houses,villages' } } });
const TILES_PER_ZOOM = Number(values.tiles);
const LAYERS = values.layers!.split(',') as LayerId[];
const ZOOMS = [8, 10, 12, 14];
const fmt = (ms: number) => ms.toFixed(2);

if (!(await serverAvailable())) {
  console.log('PostGIS server not reachable (set BENCH_DATABASE_URL): this benchmark needs it');
  process.exit(0);
}
const database = await openBenchDatabase('postgres');
const started = performance.now();
const data = generateSampleData({ seed: 1, prefecture: true });
await loadSampleData(database, data);
await createDemoUsers(database);
await runChecks(database);
const databaseUrl = await benchDatabaseUrl(database);
const [{ profileId }] = await database.rows<{ profileId: number }>(sql`SELECT id AS "profileId" FROM standards_profiles WHERE is_active`);
const villages = await database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(committee) AS lon, ST_Y(committee) AS lat FROM villages ORDER BY code`);
console.log(`prefecture loaded and judged in ${((performance.now() - started) / 1000).toFixed(1)} s: ${villages.length} villages, ${data.roads.length} road segments, ${data.houses.length} houses`);

// The tile set: around randomly chosen village committees, the same tiles for every measurement.
// Distinct tiles only, so an API "first request" is really the first.
const rng = new Random(7);
const tiles = ZOOMS.flatMap((z) => {
  const found = new Map<string, { z: number; x: number; y: number }>();
  for (let tries = 0; found.size < TILES_PER_ZOOM && tries < TILES_PER_ZOOM * 50; tries++) {
    const v = villages[rng.int(0, villages.length - 1)];
    const t = tileContaining(v.lon, v.lat, z);
    found.set(`${t.x}/${t.y}`, t);
  }
  return [...found.values()];
}).flatMap((t) => LAYERS.map((layer) => ({ layer, ...t })));

const portal = await startPortalProcess({ DATABASE_URL: databaseUrl });
const bare = createBareTiles(databaseUrl);
const http = createHttpGetter();
try {
  const login = await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'viewer', password: 'cuntu-viewer-2020' }) });
  const { token } = (await login.json()) as { token: string };
  const headers = { authorization: `Bearer ${token}` };

  const api = async (t: (typeof tiles)[number]) => {
    const at = performance.now();
    const { status, bytes } = await http.get(`${portal.url}/api/tiles/${t.layer}/${t.z}/${t.x}/${t.y}.mvt`, headers);
    if (status !== 200) throw new Error(`${status} for tile ${t.layer}/${t.z}/${t.x}/${t.y}`);
    return { ms: performance.now() - at, bytes };
  };
  const ourSql = async (t: (typeof tiles)[number]) => (await bare.ours(t, profileId)).ms;
  const minimalSql = async (t: (typeof tiles)[number]) => (await bare.minimal(t)).ms;

  // Warm PostGIS with one pass of both SQL queries; then, each over the whole set in the same order,
  // the API's first request of each tile (its tile cache empty: every tile is queried and encoded), the
  // two SQL queries, and the API again (served from its cache). Whole passes rather than the three side
  // by side: a query repeated at once runs faster (the same pages and caches just used), which had
  // favoured whichever ran second.
  for (const t of tiles) {
    await ourSql(t);
    await minimalSql(t);
  }
  const rows: Array<{ z: number; cold: number; warm: number; sql: number; minimal: number; bytes: number }> = [];
  for (const t of tiles) {
    const { ms, bytes } = await api(t);
    rows.push({ z: t.z, cold: ms, warm: 0, sql: 0, minimal: 0, bytes });
  }
  for (const [i, t] of tiles.entries()) rows[i].sql = await ourSql(t);
  for (const [i, t] of tiles.entries()) rows[i].minimal = await minimalSql(t);
  for (const [i, t] of tiles.entries()) rows[i].warm = (await api(t)).ms;
  // The floor under every tile request: an authenticated API request that does nothing else (HTTP, routing, the session lookup).
  const floor: number[] = [];
  for (let i = 0; i < 200; i++) {
    const at = performance.now();
    await http.get(`${portal.url}/api/me`, headers);
    floor.push(performance.now() - at);
  }

  console.log(`\n${tiles.length} tiles (${LAYERS.join(', ')} × up to ${TILES_PER_ZOOM} distinct tiles × zooms ${ZOOMS.join(', ')}), PostGIS ${(await database.rows<{ v: string }>(sql`SELECT postgis_lib_version() AS v`))[0].v}; ms`);
  console.log('API first = first request of a tile (queried and encoded); API cached = the same tile again (unchanged data, from the tile cache)');
  console.log(['zoom', 'tiles', 'avg KB', 'API first p50', 'p95', 'API cached p50', 'p95', 'tile SQL p50', 'p95', 'minimal ST_AsMVT p50', 'p95', 'first/SQL p50', 'p95', 'cached/SQL p50', 'p95'].join('\t'));
  for (const z of [...ZOOMS, 'all' as const]) {
    const set = rows.filter((r) => z === 'all' || r.z === z);
    const p = (k: 'cold' | 'warm' | 'sql' | 'minimal', q: number) => percentile(set.map((r) => r[k]), q);
    console.log([z, set.length, (set.reduce((s, r) => s + r.bytes, 0) / set.length / 1024).toFixed(1), fmt(p('cold', 50)), fmt(p('cold', 95)), fmt(p('warm', 50)), fmt(p('warm', 95)),
      fmt(p('sql', 50)), fmt(p('sql', 95)), fmt(p('minimal', 50)), fmt(p('minimal', 95)),
      (p('cold', 50) / p('sql', 50)).toFixed(2), (p('cold', 95) / p('sql', 95)).toFixed(2), (p('warm', 50) / p('sql', 50)).toFixed(2), (p('warm', 95) / p('sql', 95)).toFixed(2)].join('\t'));
  }
  console.log(`\nfloor: an authenticated GET /api/me (HTTP, routing, session lookup; no tile) p50 ${fmt(percentile(floor, 50))} ms, p95 ${fmt(percentile(floor, 95))} ms`);
} finally {
  http.close();
  await bare.close();
  await portal.stop();
  await database.close();
}

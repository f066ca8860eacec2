/**
 * A province on one deployment (issue 21), on PostGIS, in one run: a generated province of `--counties`
 * counties (104: ≈ 28,000 villages, 280,000 houses, 148,000 road segments; Tongliao's eight real
 * counties and shifted copies), printing each figure with the machine's load beside it —
 *   load time; the full check run (county by county) and the process's peak memory;
 *   the re-check after editing one road (the PATCH through the API, which re-judges what it touches);
 *   after importing 10,000 houses (the import's own re-check time, and the whole commit);
 *   the tile set z6–z14 over one county through the API ÷ the same tiles' bare ST_AsMVT, and the largest tile;
 *   beside it, the floor of HTTP: the same tiles' bytes from memory through a bare Node server in a process of its own;
 *   `--viewers` concurrent viewers across two API processes, in two rounds (cold caches, then filled): p50 / p95 / p99, errors;
 *   each process's memory over both rounds.
 *   the first map render at province extent: the portal's map ÷ a bare MapLibre page on the same tiles (`--render-runs`).
 *   npx tsx tools/bench/src/province.ts [--counties 104] [--viewers 200] [--requests 10] [--think-ms 1000] [--county 150525000000] [--render-runs 5]
 */
import { readFile } from 'node:fs/promises';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { createDemoUsers } from '@cuntu/auth';
import { runChecks } from '@cuntu/checks';
import type { LayerId } from '@cuntu/domain';
import { generateSampleData, loadSampleData, Random } from '@cuntu/sample-data';
import { tileContaining } from '@cuntu/tiles';
import { benchDatabaseUrl, openBenchDatabase, serverAvailable } from './bench-databases';
import { createBareTiles, type BenchTile } from './bare-tiles';
import { assertWebAppsBuilt, measureFirstRender } from './first-render-measure';
import { createHttpGetter } from './http-get';
import { startPortalProcess, startServerProcess } from './portal-process';
import { percentile } from './figures';

const { values } = parseArgs({ options: {
  counties: { type: 'string', default: '104' }, viewers: { type: 'string', default: '200' }, requests: { type: 'string', default: '10' },
  'think-ms': { type: 'string', default: '1000' }, county: { type: 'string', default: '150525000000' }, 'render-runs': { type: 'string', default: '5' },
} });
const RENDER_RUNS = Number(values['render-runs']);
const COUNTIES = Number(values.counties);
const VIEWERS = Number(values.viewers);
const REQUESTS = Number(values.requests);
const THINK_MS = Number(values['think-ms']);
const COUNTY = values.county!;
const TILE_LAYERS: LayerId[] = ['villages', 'groups', 'roads', 'water_sources', 'houses', 'assets'];

const loadAvg = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const report = (label: string, figure: string, target = '') => console.log(`${label}\t${figure}${target ? `\t(target ${target})` : ''}\tload ${loadAvg()}`);
/** A process's resident memory in MB, from /proc. */
const rssOf = async (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(await readFile(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) / 1024;

assertWebAppsBuilt();
if (!(await serverAvailable())) {
  console.log('PostGIS server not reachable (set BENCH_DATABASE_URL): this benchmark needs it');
  process.exit(0);
}

const database = await openBenchDatabase('postgres');
const databaseUrl = await benchDatabaseUrl(database);
const portals: Array<Awaited<ReturnType<typeof startPortalProcess>>> = [];
try {
  let at = performance.now();
  const data = generateSampleData({ seed: 1, provinceCounties: COUNTIES });
  console.log(`province: ${data.counties.length} counties, ${data.villages.length} villages, ${data.houses.length} houses, ${data.roads.length} road segments, ${data.waterSources.length} water sources (generated in ${seconds(performance.now() - at)})`);
  at = performance.now();
  await loadSampleData(database, data);
  await createDemoUsers(database);
  report('load (COPY into PostGIS, indexes)', seconds(performance.now() - at));

  // The full check run, county by county; this process's memory sampled throughout.
  let peakMb = process.memoryUsage().rss / 1048576;
  const sampler = setInterval(() => (peakMb = Math.max(peakMb, process.memoryUsage().rss / 1048576)), 100);
  const beforeMb = process.memoryUsage().rss / 1048576;
  at = performance.now();
  const full = await runChecks(database);
  clearInterval(sampler);
  report('full check run (every verdict new)', `${seconds(performance.now() - at)}, ${full.results} verdicts, memory ${beforeMb.toFixed(0)} → peak ${peakMb.toFixed(0)} MB`, '≤ 60 s');
  at = performance.now();
  await runChecks(database);
  report('full check run again (data unchanged: nothing to write)', seconds(performance.now() - at), '≤ 60 s');
  data.roads.length = 0;
  data.houses.length = 0;

  const env = { DATABASE_URL: databaseUrl, CUNTU_WEB_DIR: '/nonexistent' };
  portals.push(await startPortalProcess(env), await startPortalProcess(env));
  const [a, b] = portals;
  const login = async (url: string, username: string, password: string) => {
    const r = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
    return { authorization: `Bearer ${((await r.json()) as { token: string }).token}` };
  };
  const admin = await login(a.url, 'admin', 'cuntu-admin-2020');

  // Roads edited one at a time through the API: each PATCH answers once what it touches is re-judged.
  const roads = await database.rows<{ id: number; width: number | null }>(sql`
    SELECT r.id, r.width_m AS width FROM roads r WHERE r.village_code LIKE ${`${COUNTY.slice(0, 6)}%`} AND r.road_class = 'village' ORDER BY r.id LIMIT 5`);
  const edits: number[] = [];
  for (const road of roads) {
    const current = await fetch(`${a.url}/api/features/roads/${road.id}`, { headers: admin });
    at = performance.now();
    const patched = await fetch(`${a.url}/api/features/roads/${road.id}`, {
      method: 'PATCH', headers: { ...admin, 'content-type': 'application/json', 'if-match': current.headers.get('etag')! },
      body: JSON.stringify({ properties: { widthM: (road.width ?? 4) + 0.5 } }),
    });
    if (patched.status !== 200) throw new Error(`road edit: ${patched.status} ${await patched.text()}`);
    edits.push(performance.now() - at);
  }
  report(`edit one road, re-judged (PATCH through the API), ${edits.length} roads`, `first ${seconds(edits[0])}, median ${seconds(percentile(edits, 50))}, max ${seconds(Math.max(...edits))}`, '≤ 1 s');

  // 10,000 houses imported into one county's villages through A, followed from B.
  const villages = await database.rows<{ code: string; lon: number; lat: number }>(sql`
    SELECT v.code, ST_X(v.committee) AS lon, ST_Y(v.committee) AS lat FROM villages v JOIN towns t ON t.code = v.town_code WHERE t.county_code = ${COUNTY} ORDER BY v.code`);
  const rng = new Random(21);
  const houses = JSON.stringify({
    type: 'FeatureCollection',
    features: Array.from({ length: 10_000 }, (_, i) => {
      const v = villages[i % villages.length];
      return {
        type: 'Feature', geometry: { type: 'Point', coordinates: [Number((v.lon + rng.float(-0.004, 0.004, 6)).toFixed(6)), Number((v.lat + rng.float(-0.003, 0.003, 6)).toFixed(6))] },
        properties: { externalId: `PROVINCE-${i}`, villageCode: v.code, safetyRating: ['A', 'B', 'C', 'D'][i % 4], householdSize: 1 + (i % 6) },
      };
    }),
  });
  at = performance.now();
  const upload = await fetch(`${a.url}/api/imports?layer=houses&fileName=province-houses.geojson`, { method: 'POST', headers: { ...admin, 'content-type': 'application/octet-stream' }, body: houses });
  const { id } = (await upload.json()) as { id: string };
  await fetch(`${a.url}/api/imports/${id}/commit`, { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body: '{}' });
  let job: { state: string; result?: { created: number; timings: { validateMs: number; writeMs: number; recheckMs: number } }; error?: unknown } = { state: 'running' };
  while (job.state === 'running') {
    await pause(200);
    job = (await (await fetch(`${b.url}/api/imports/${id}`, { headers: admin })).json()) as typeof job;
  }
  if (job.state !== 'committed') throw new Error(`house import ended ${job.state}: ${JSON.stringify(job.error)}`);
  const t = job.result!.timings;
  report('import 10,000 houses: re-check', seconds(t.recheckMs), '≤ 5 s');
  report('import 10,000 houses: whole commit (upload to committed)', `${seconds(performance.now() - at)} (validate ${seconds(t.validateMs)}, write ${seconds(t.writeMs)})`);

  // Every tile z6–z14 over the county, each layer, through the API (its first request: z ≤ 8 the API made before anyone asked, the rest made then) and bare.
  const [box] = await database.rows<{ w: number; s: number; e: number; n: number }>(sql`
    SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n FROM (SELECT boundary::box2d AS b FROM counties WHERE code = ${COUNTY}) x`);
  const tiles: BenchTile[] = [];
  for (let z = 6; z <= 14; z++) {
    const nw = tileContaining(box.w, box.n, z);
    const se = tileContaining(box.e, box.s, z);
    for (let x = nw.x; x <= se.x; x++) for (let y = nw.y; y <= se.y; y++) for (const layer of TILE_LAYERS) tiles.push({ layer, z, x, y });
  }
  const [{ profileId }] = await database.rows<{ profileId: number }>(sql`SELECT id AS "profileId" FROM standards_profiles WHERE is_active`);
  const bare = createBareTiles(databaseUrl);
  const http = createHttpGetter();
  const floorHttp = createHttpGetter();
  const floor = await startServerProcess('tools/bench/src/bare-http-server.ts', {}, 'listening');
  const viewer = await login(a.url, 'viewer', 'cuntu-viewer-2020');
  try {
    // PostGIS's caches warmed by one pass of both bare queries, so that neither side pays for the first reads from disk.
    for (const tile of tiles) {
      await bare.ours(tile, profileId);
      await bare.minimal(tile);
    }
    const totals = { api: 0, cached: 0, ours: 0, minimal: 0, floor: 0 };
    const sizes: number[] = [];
    let largest = { bytes: 0, tile: '' };
    const byZoom = new Map<number, number>();
    const viaApi = async (tile: BenchTile) => {
      const started = performance.now();
      const { status, bytes } = await http.get(`${a.url}/api/tiles/${tile.layer}/${tile.z}/${tile.x}/${tile.y}.mvt`, viewer);
      if (status !== 200 && status !== 204) throw new Error(`${status} for tile ${tile.layer}/${tile.z}/${tile.x}/${tile.y}`);
      return { ms: performance.now() - started, bytes };
    };
    for (const tile of tiles) {
      const { ms, bytes } = await viaApi(tile);
      totals.api += ms;
      sizes.push(bytes);
      if (bytes > largest.bytes) largest = { bytes, tile: `${tile.layer}/${tile.z}/${tile.x}/${tile.y}` };
      byZoom.set(tile.z, Math.max(byZoom.get(tile.z) ?? 0, bytes));
    }
    let making = 0;
    for (const [i, tile] of tiles.entries()) {
      const { ms } = await bare.ours(tile, profileId);
      totals.ours += ms;
      if (sizes[i] > 0) making += ms;
    }
    for (const tile of tiles) totals.minimal += (await bare.minimal(tile)).ms;
    for (const tile of tiles) totals.cached += (await viaApi(tile)).ms;
    // The floor of HTTP itself: each tile's bytes from memory through a bare Node server in its own process (warmed first, as the API is by then).
    for (const bytes of sizes.slice(0, 5000)) await floorHttp.get(`${floor.url}/?bytes=${bytes}`);
    for (const bytes of sizes) {
      const started = performance.now();
      await floorHttp.get(`${floor.url}/?bytes=${bytes}`);
      totals.floor += performance.now() - started;
    }
    report(`tiles z6–z14 over ${COUNTY} (${tiles.length} tiles, ${TILE_LAYERS.length} layers): API ÷ bare ST_AsMVT (geometry + id)`,
      `${(totals.api / totals.minimal).toFixed(2)} (API first request ${seconds(totals.api)}, again from its cache ${seconds(totals.cached)}, bare ${seconds(totals.minimal)}; `
      + `API ÷ the API's own SQL run bare ${(totals.api / totals.ours).toFixed(2)}, per tile ${(totals.api / tiles.length).toFixed(2)} vs ${(totals.ours / tiles.length).toFixed(2)} ms)`, '≤ 1.2');
    report('  the same tiles\' bytes from memory through a bare Node HTTP server ÷ bare ST_AsMVT (the floor of any HTTP tile server)',
      `${(totals.floor / totals.minimal).toFixed(2)} (${seconds(totals.floor)}, per tile ${(totals.floor / tiles.length).toFixed(3)} ms; the API from its cache ${(totals.cached / tiles.length).toFixed(3)} ms, bare ST_AsMVT ${(totals.minimal / tiles.length).toFixed(3)} ms); `
      + `with the API's own SQL for each tile that has features, the least a server making them on request could take: ${((totals.floor + making) / totals.minimal).toFixed(2)}`);
    report('largest tile', `${(largest.bytes / 1024).toFixed(0)} KB (${largest.tile}); per zoom ${[...byZoom].map(([z, bytes]) => `z${z} ${(bytes / 1024).toFixed(0)}`).join(', ')} KB`, '≤ 500 KB');
  } finally {
    http.close();
    floorHttp.close();
    await floor.stop();
    await bare.close();
  }

  // Viewers across the two processes, each reading the province as a leader does.
  const provinceVillages = await database.rows<{ code: string; lon: number; lat: number; county: string }>(sql`
    SELECT v.code, ST_X(v.committee) AS lon, ST_Y(v.committee) AS lat, t.county_code AS county FROM villages v JOIN towns t ON t.code = v.town_code`);
  const leader = await login(a.url, 'leader', 'cuntu-leader-2020');
  const next = (i: number): { kind: string; path: string } => {
    const v = provinceVillages[Math.floor(Math.random() * provinceVillages.length)];
    switch (i % 5) {
      case 0: return { kind: 'features', path: `/api/features/water_sources?bbox=${(v.lon - 0.05).toFixed(4)},${(v.lat - 0.04).toFixed(4)},${(v.lon + 0.05).toFixed(4)},${(v.lat + 0.04).toFixed(4)}&limit=200` };
      case 1: case 2: {
        const tile = tileContaining(v.lon, v.lat, 6 + Math.floor(Math.random() * 9));
        return { kind: 'tile', path: `/api/tiles/${TILE_LAYERS[Math.floor(Math.random() * TILE_LAYERS.length)]}/${tile.z}/${tile.x}/${tile.y}.mvt` };
      }
      case 3: return { kind: 'village sheet', path: `/api/checks/villages/${v.code}` };
      default: return Math.random() < 0.5
        ? { kind: 'prefecture roll-up', path: `/api/checks/rollup?region=${v.county.slice(0, 4).padEnd(12, '0')}` }
        : { kind: 'county roll-up', path: `/api/checks/rollup?region=${v.county}` };
    }
  };
  // Two rounds: the first meets cold caches (each process's tiles, summaries and sheets), the second the
  // same kind of load once they are filled. Memory is sampled across both: a cache filling shows in the
  // first round, a leak in both.
  const memory: number[][] = portals.map(() => []);
  const memorySampler = setInterval(() => void Promise.all(portals.map((portal, i) => rssOf(portal.pid).then((mb) => memory[i].push(mb)))), 1000);
  const rounds: number[] = [];
  for (const round of ['first round, cold caches', 'second round']) {
    const samples: Array<{ ms: number; status: number; kind: string }> = [];
    const loadBefore = loadAvg();
    at = performance.now();
    await Promise.all(Array.from({ length: VIEWERS }, async (_, viewerIndex) => {
      const portal = portals[viewerIndex % portals.length];
      await pause(Math.random() * THINK_MS);
      for (let r = 0; r < REQUESTS; r++) {
        const { kind, path } = next(viewerIndex + r);
        const started = performance.now();
        const response = await fetch(`${portal.url}${path}`, { headers: leader }).catch(() => null);
        await response?.arrayBuffer();
        samples.push({ ms: performance.now() - started, status: response?.status ?? 0, kind });
        await pause(THINK_MS * (0.5 + Math.random()));
      }
    }));
    rounds.push(memory[0].length);
    const ms = samples.map((x) => x.ms);
    const errors = samples.filter((x) => x.status < 200 || x.status >= 400).length;
    report(`${VIEWERS} viewers × ${REQUESTS} requests across two API processes, ${round}`, `p50 ${percentile(ms, 50).toFixed(0)} ms, p95 ${percentile(ms, 95).toFixed(0)} ms, p99 ${percentile(ms, 99).toFixed(0)} ms, ${errors} errors, ${seconds(performance.now() - at)} (load before ${loadBefore})`, 'p95 < 200 ms, 0 errors');
    for (const kind of [...new Set(samples.map((x) => x.kind))].sort()) {
      const of = samples.filter((x) => x.kind === kind).map((x) => x.ms);
      console.log(`  ${kind}: ${of.length} requests, p50 ${percentile(of, 50).toFixed(0)} ms, p95 ${percentile(of, 95).toFixed(0)} ms`);
    }
  }
  clearInterval(memorySampler);
  memory.forEach((mbs, i) => {
    const avg = (xs: number[]) => (xs.reduce((sum, x) => sum + x, 0) / Math.max(xs.length, 1)).toFixed(0);
    const [first, second] = [mbs.slice(0, rounds[0]), mbs.slice(rounds[0])];
    const half = Math.max(1, Math.floor(second.length / 2));
    report(`process ${i + 1} memory (RSS)`, `first round ${avg(first.slice(0, Math.floor(first.length / 2)))} → ${avg(first.slice(Math.floor(first.length / 2)))} MB; second round ${avg(second.slice(0, half))} → ${avg(second.slice(half))} MB`, 'flat');
  });

  // The first map render at province extent: the portal's map (served by a third process) ÷ a bare MapLibre page on the same tiles.
  const web = await startPortalProcess({ DATABASE_URL: databaseUrl });
  portals.push(web);
  const render = await measureFirstRender(web.url, { runs: RENDER_RUNS, username: 'leader', password: 'cuntu-leader-2020' });
  report(`first map render at province extent, five layers, ${RENDER_RUNS} runs each: portal ÷ bare MapLibre page (medians)`,
    `${render.ratio.toFixed(2)} (portal ${percentile(render.portal, 50).toFixed(0)} ms, bare ${percentile(render.bare, 50).toFixed(0)} ms)`, '≤ 1.5');
} finally {
  await Promise.all(portals.map((p) => p.stop()));
  await database.close();
}

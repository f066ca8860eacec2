/**
 * The portal under load, through HTTP against the real server, on PGlite and PostGIS: `--viewers`
 * concurrent viewers, each looping over a realistic mix — features in a box, vector tiles at z10–14,
 * a village's verdict sheet, the county's check summary — first on an idle portal, then while an
 * editor imports `--import` water sources (upload, then the all-or-nothing commit). Prints p50 / p95 /
 * p99 / max, errors (not counting deliberate 503s, which are counted apart) and the machine's load.
 * A viewer waits `--think-ms` (± half) between requests, as someone reading the map does (0: back to
 * back, a stress test), and honours `Retry-After` on a 503 as the web apps do.
 * Bounded: loopback only, `--requests` per viewer when idle, and at most `--max-seconds` under import.
 * LOAD_DEBUG=1 also lists when the slowest requests started and how long they took (idle: over 3 s; import:
 * over 5 s), and the errors by kind and status.
 * `--pglite-turn-ms 100,20` measures PGlite once per turn length (`CUNTU_PGLITE_TURN_MS`), each on a fresh data directory.
 *   npx tsx tools/bench/src/load.ts [--viewers 200] [--requests 10] [--think-ms 1000] [--import 50000] [--max-seconds 300] [--pglite-turn-ms 100,20]
 */
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { onEachDriver } from './bench-databases';
import { startPortalProcess } from './portal-process';
import { wellsFile } from './wells-file';
import { percentile, machineLoad } from './figures';

const { values } = parseArgs({ options: {
  viewers: { type: 'string', default: '200' }, requests: { type: 'string', default: '10' }, 'think-ms': { type: 'string', default: '1000' },
  import: { type: 'string', default: '50000' }, 'max-seconds': { type: 'string', default: '300' }, 'pglite-turn-ms': { type: 'string' },
} });
const VIEWERS = Number(values.viewers);
const REQUESTS = Number(values.requests);
const IMPORT = Number(values.import);
const MAX_MS = Number(values['max-seconds']) * 1000;
const THINK_MS = Number(values['think-ms']);
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const TILE_LAYERS = ['roads', 'villages', 'houses', 'water_sources'];

const tileOf = (lon: number, lat: number, z: number) => {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return [Math.floor(((lon + 180) / 360) * n), Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n)];
};

interface Sample { ms: number; status: number; kind: string; retryAfterS: number; at: number; timing?: string }

/** One viewer's next request: the four kinds in turn, each somewhere else in the county. */
function nextRequest(i: number, villages: Array<{ code: string; at: [number, number] }>, county: string): { kind: string; path: string } {
  const v = villages[Math.floor(Math.random() * villages.length)];
  const [lon, lat] = v.at;
  switch (i % 4) {
    case 0: return { kind: 'features', path: `/api/features/water_sources?bbox=${(lon - 0.05).toFixed(4)},${(lat - 0.04).toFixed(4)},${(lon + 0.05).toFixed(4)},${(lat + 0.04).toFixed(4)}&limit=200` };
    case 1: {
      const z = 10 + Math.floor(Math.random() * 5);
      const [x, y] = tileOf(lon, lat, z);
      return { kind: 'tile', path: `/api/tiles/${TILE_LAYERS[Math.floor(Math.random() * TILE_LAYERS.length)]}/${z}/${x}/${y}.mvt` };
    }
    case 2: return { kind: 'sheet', path: `/api/checks/villages/${v.code}` };
    default: return { kind: 'summary', path: `/api/checks/summary?county=${county}` };
  }
}

/** An answer that is neither served nor a deliberate 503. */
const isError = (s: Sample) => s.status !== 503 && !(s.status >= 200 && s.status < 400);

/** LOAD_DEBUG: a phase's slowest requests — when each started (seconds after `from`), how long it took, and the portal's Server-Timing. */
function listSlowest(label: string, samples: Sample[], from: number, overMs: number) {
  const slow = samples.filter((x) => x.ms > overMs).sort((a, b) => b.ms - a.ms).map((x) => `${x.kind}@${((x.at - from) / 1000).toFixed(1)}s+${(x.ms / 1000).toFixed(1)}(${x.timing ?? '-'})`);
  console.log(`  slowest ${label} (kind@seconds into the phase + duration): ${slow.slice(0, 20).join(' ') || `none over ${overMs / 1000} s`}`);
}

function summarise(label: string, samples: Sample[], wallMs: number, loadBefore: string) {
  const served = samples.filter((s) => s.status !== 503).map((s) => s.ms);
  const errors = samples.filter(isError).length;
  const refused = samples.filter((s) => s.status === 503).length;
  const all = samples.map((s) => s.ms);
  console.log([label, samples.length, percentile(served, 50).toFixed(0), percentile(served, 95).toFixed(0), percentile(served, 99).toFixed(0), Math.max(0, ...all).toFixed(0), errors, refused, (wallMs / 1000).toFixed(1), loadBefore].join('\t'));
}

async function measure(driver: string, env: Record<string, string>) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-load-'));
  const portal = await startPortalProcess({ ...env, CUNTU_IMPORT_MAX_FEATURES: String(Math.max(IMPORT, 200_000)) });
  try {
    const token = async (username: string, password: string) => {
      const r = await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      return { authorization: `Bearer ${((await r.json()) as { token: string }).token}` };
    };
    const viewer = await token('viewer', 'cuntu-viewer-2020');
    const editor = await token('editor-water', 'cuntu-water-2020');
    const county = ((await (await fetch(`${portal.url}/api/regions/counties`, { headers: viewer })).json()) as { features: Array<{ properties: { code: string } }> }).features[0].properties.code;
    const villages = ((await (await fetch(`${portal.url}/api/regions/villages`, { headers: viewer })).json()) as { features: Array<{ properties: { code: string }; geometry: { coordinates: [number, number] } }> })
      .features.filter((f) => f.geometry).map((f) => ({ code: f.properties.code, at: f.geometry.coordinates }));

    const timed = async (kind: string, path: string): Promise<Sample> => {
      const t = performance.now();
      try {
        const r = await fetch(`${portal.url}${path}`, { headers: viewer });
        await r.arrayBuffer();
        const timing = r.headers.get('server-timing')?.replace(/;dur=/g, ' ').replace(/, /g, '/') ?? undefined;
        return { ms: performance.now() - t, status: r.status, kind, retryAfterS: Number(r.headers.get('retry-after') ?? 0), at: t, timing };
      } catch {
        return { ms: performance.now() - t, status: 0, kind, retryAfterS: 0, at: t };
      }
    };
    /** Viewers looping until each made `perViewer` requests or `until()` says stop. */
    const viewersRun = async (perViewer: number, until: () => boolean) => {
      const samples: Sample[] = [];
      const started = performance.now();
      const loadBefore = machineLoad();
      // This process's own stalls: a request timed here is late by as much as its loop was held.
      let lastTick = performance.now();
      const stalls: string[] = [];
      const ticker = setInterval(() => {
        const now = performance.now();
        if (now - lastTick > 250) stalls.push(`${((lastTick - started) / 1000).toFixed(1)}s+${(now - lastTick).toFixed(0)}ms`);
        lastTick = now;
      }, 20);
      await Promise.all(Array.from({ length: VIEWERS }, async (_, v) => {
        // Viewers arrive over the first think time, not all in the same millisecond.
        await pause(Math.random() * THINK_MS);
        for (let i = 0; i < perViewer && !until(); i++) {
          const { kind, path } = nextRequest(v + i, villages, county);
          const sample = await timed(kind, path);
          samples.push(sample);
          await pause(sample.status === 503 ? sample.retryAfterS * 1000 : THINK_MS * (0.5 + Math.random()));
        }
      }));
      clearInterval(ticker);
      if (process.env.LOAD_DEBUG) console.log(`  the benchmark's own event loop held over 250 ms: ${stalls.slice(0, 20).join(' ') || 'never'}`);
      return { samples, wall: performance.now() - started, loadBefore };
    };

    const idleStarted = performance.now();
    const idle = await viewersRun(REQUESTS, () => false);
    summarise(`${driver} idle`, idle.samples, idle.wall, idle.loadBefore);
    if (process.env.LOAD_DEBUG) listSlowest('idle', idle.samples, idleStarted, 3000);
    for (const kind of ['features', 'tile', 'sheet', 'summary']) summarise(`  ${kind}`, idle.samples.filter((s) => s.kind === kind), idle.wall, '');

    // The import: upload, start the commit, and keep the viewers going until it ends (or the time cap).
    const { bytes } = await wellsFile(dir, IMPORT, villages.map((v) => v.at), `LOAD${Date.now()}`);
    const upload = await fetch(`${portal.url}/api/imports?layer=water_sources&fileName=wells.geojson`, { method: 'POST', headers: { ...editor, 'content-type': 'application/octet-stream' }, body: bytes as Uint8Array<ArrayBuffer> });
    const job = (await upload.json()) as { id: string };
    if (upload.status !== 201) throw new Error(`upload: ${upload.status} ${JSON.stringify(job)}`);
    const importStarted = performance.now();
    await fetch(`${portal.url}/api/imports/${job.id}/commit`, { method: 'POST', headers: { ...editor, 'content-type': 'application/json' }, body: '{}' });
    let state = 'running';
    let progressAnswers: number[] = [];
    const poll = (async () => {
      while (state === 'running' && performance.now() - importStarted < MAX_MS) {
        const t = performance.now();
        const r = await fetch(`${portal.url}/api/imports/${job.id}`, { headers: editor });
        const body = (await r.json()) as { state: string };
        progressAnswers.push(performance.now() - t);
        state = r.status === 200 ? body.state : state;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
    })();
    const busy = await viewersRun(Number.MAX_SAFE_INTEGER, () => state !== 'running' || performance.now() - importStarted > MAX_MS);
    await poll;
    const importMs = performance.now() - importStarted;
    summarise(`${driver} import`, busy.samples, busy.wall, busy.loadBefore);
    for (const kind of ['features', 'tile', 'sheet', 'summary']) summarise(`  ${kind}`, busy.samples.filter((s) => s.kind === kind), busy.wall, '');
    const { result } = (await (await fetch(`${portal.url}/api/imports/${job.id}`, { headers: editor })).json()) as { result: { timings: Record<string, number> } | null };
    const timings = result ? Object.entries(result.timings).map(([k, ms]) => `${k.replace(/Ms$/, '')} ${(ms / 1000).toFixed(1)} s`).join(', ') : 'no result';
    console.log(`  import of ${IMPORT}: ${state} after ${(importMs / 1000).toFixed(1)} s (${timings}); its progress answered in p50 ${percentile(progressAnswers, 50).toFixed(0)} ms, max ${Math.max(0, ...progressAnswers).toFixed(0)} ms`);
    progressAnswers = [];
    if (process.env.LOAD_DEBUG) {
      listSlowest('during the import', busy.samples, importStarted, 5000);
      const failed = busy.samples.filter(isError).map((x) => `${x.kind}:${x.status}`);
      console.log(`  errors: ${failed.slice(0, 20).join(' ') || 'none'}`);
    }
  } catch (e) {
    console.log(`the portal said:\n${portal.output().slice(-3000)}`);
    throw e;
  } finally {
    await portal.stop();
    await rm(dir, { recursive: true, force: true });
  }
}

console.log(`${VIEWERS} viewers, ${THINK_MS} ms between requests; ${os.cpus().length} cores`);
console.log(['phase', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'max ms', 'errors', '503s', 'wall s', 'load 1/5/15 min'].join('\t'));
const TURNS = values['pglite-turn-ms']?.split(',').map(Number) ?? [];
await onEachDriver('cuntu-bench-load', async (driver, env) => {
  if (driver !== 'pglite' || TURNS.length === 0) return measure(driver, env);
  for (const turn of TURNS) await measure(`pglite turn ${turn} ms`, { ...env, CUNTU_DATA_DIR: path.join(env.CUNTU_DATA_DIR, `turn-${turn}`), CUNTU_PGLITE_TURN_MS: String(turn) });
});

/**
 * The check summary under many viewers, through HTTP against the real server, on PGlite and PostGIS:
 * the first request (computed from the stored results) and then `--viewers` concurrent viewers asking
 * `--requests` times each (served once per data revision), with p50 / p95 / p99 and errors, and the
 * machine's load beside them.
 *   npx tsx tools/bench/src/summary.ts [--viewers 200] [--requests 5]
 */
import { parseArgs } from 'node:util';
import { onEachDriver } from './bench-databases';
import { startPortalProcess } from './portal-process';
import { percentile, machineLoad } from './figures';

const { values } = parseArgs({ options: { viewers: { type: 'string', default: '200' }, requests: { type: 'string', default: '5' } } });
const VIEWERS = Number(values.viewers);
const REQUESTS = Number(values.requests);
const fmt = (ms: number) => ms.toFixed(1);

async function measure(label: string, env: Record<string, string>) {
  const portal = await startPortalProcess(env);
  try {
    const login = await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'viewer', password: 'cuntu-viewer-2020' }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const url = `${portal.url}/api/checks/summary?county=150525000000`;
    const timed = async (extra: Record<string, string> = {}) => {
      const t = performance.now();
      const r = await fetch(url, { headers: { ...headers, ...extra } });
      await r.arrayBuffer();
      return { ms: performance.now() - t, ok: r.status === 200 || r.status === 304, etag: r.headers.get('etag') };
    };
    const first = await timed();
    const loadBefore = machineLoad();
    const times: number[] = [];
    let errors = 0;
    const started = performance.now();
    await Promise.all(Array.from({ length: VIEWERS }, async () => {
      for (let i = 0; i < REQUESTS; i++) {
        const r = await timed();
        times.push(r.ms);
        if (!r.ok) errors++;
      }
    }));
    const wall = performance.now() - started;
    const revalidated = await timed({ 'if-none-match': first.etag ?? '' });
    console.log([label, fmt(first.ms), VIEWERS, times.length, fmt(percentile(times, 50)), fmt(percentile(times, 95)), fmt(percentile(times, 99)), errors, fmt(revalidated.ms), (wall / 1000).toFixed(1), loadBefore].join('\t'));
  } finally {
    await portal.stop();
  }
}

console.log(['driver', 'first ms', 'viewers', 'requests', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', '304 ms', 'wall s', 'load 1/5/15 min'].join('\t'));
await onEachDriver('cuntu-bench-summary', measure);

/**
 * p50 / p95 latency, through HTTP against the real server, of a bbox feature query and of a single
 * update (If-Match, audit, re-evaluation of the affected checks) on the sample county, on PGlite and PostGIS.
 *   npx tsx tools/bench/src/features.ts [--requests N]
 */
import { parseArgs } from 'node:util';
import { Random } from '@cuntu/sample-data';
import { onEachDriver } from './bench-databases';
import { startPortalProcess } from './portal-process';
import { percentile } from './figures';

const { values } = parseArgs({ options: { requests: { type: 'string', default: '200' } } });
const N = Number(values.requests);
const fmt = (ms: number) => ms.toFixed(1);

async function measure(label: string, env: Record<string, string>) {
  const portal = await startPortalProcess(env);
  try {
    const login = await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'editor-roads', password: 'cuntu-roads-2020' }) });
    const { token } = (await login.json()) as { token: string };
    const headers = { authorization: `Bearer ${token}` };
    const rng = new Random(42);
    const timed = async (work: () => Promise<Response>) => {
      const t = performance.now();
      const r = await work();
      await r.arrayBuffer();
      if (!r.ok) throw new Error(`${r.status} ${r.url}`);
      return performance.now() - t;
    };
    const bbox: number[] = [];
    let features = 0;
    for (let i = 0; i < N; i++) {
      const lon = rng.float(120.2, 121.4, 3);
      const lat = rng.float(42.2, 43.6, 3);
      bbox.push(await timed(() => fetch(`${portal.url}/api/features/roads?bbox=${lon},${lat},${lon + 0.1},${lat + 0.1}&limit=1000`, { headers })));
    }
    const sample = await (await fetch(`${portal.url}/api/features/roads?bbox=120.6,42.6,120.8,42.8&limit=5`, { headers })).json() as { features: Array<{ id: number }> };
    features = sample.features.length;
    const update: number[] = [];
    const updates = Math.max(20, Math.round(N / 4));
    for (let i = 0; i < updates; i++) {
      const id = sample.features[i % features].id;
      const current = await fetch(`${portal.url}/api/features/roads/${id}`, { headers });
      const etag = current.headers.get('etag')!;
      await current.arrayBuffer();
      update.push(await timed(() => fetch(`${portal.url}/api/features/roads/${id}`, {
        method: 'PATCH', headers: { ...headers, 'content-type': 'application/json', 'if-match': etag }, body: JSON.stringify({ properties: { project: `bench ${i}` } }),
      })));
    }
    console.log([label, 'bbox query (roads, 0.1° box)', N, fmt(percentile(bbox, 50)), fmt(percentile(bbox, 95))].join('\t'));
    console.log([label, 'single update (PATCH + audit + re-check)', updates, fmt(percentile(update, 50)), fmt(percentile(update, 95))].join('\t'));
  } finally {
    await portal.stop();
  }
}

console.log(['driver', 'operation', 'requests', 'p50 ms', 'p95 ms'].join('\t'));
await onEachDriver('cuntu-bench-features', measure);

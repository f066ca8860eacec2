/**
 * Rectification tasks through HTTP against the real server, on PGlite and PostGIS: the time to set a
 * task for every failing verdict of the sample county at once (every rule with a team); a re-check of
 * the county before and after (the tasks follow the stored verdicts, so this is what following costs);
 * and then the dashboard's task figures (`/api/tasks/summary` of the county) asked `--requests` times by
 * each of `--viewers` concurrent leaders, with p50 / p95 / p99, and the machine's load beside them.
 *   npx tsx tools/bench/src/tasks.ts [--viewers 20] [--requests 10]
 */
import { parseArgs } from 'node:util';
import { onEachDriver } from './bench-databases';
import { startPortalProcess } from './portal-process';
import { percentile, machineLoad } from './figures';

const { values } = parseArgs({ options: { viewers: { type: 'string', default: '20' }, requests: { type: 'string', default: '10' } } });
const VIEWERS = Number(values.viewers);
const REQUESTS = Number(values.requests);
const COUNTY = '150525000000';
const fmt = (ms: number) => ms.toFixed(1);

async function measure(label: string, env: Record<string, string>) {
  const portal = await startPortalProcess(env);
  try {
    const headersOf = async (username: string, password: string) => {
      const login = await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password }) });
      return { authorization: `Bearer ${((await login.json()) as { token: string }).token}`, 'content-type': 'application/json' };
    };
    const headers = await headersOf('leader', 'cuntu-leader-2020');
    const admin = await headersOf('admin', 'cuntu-admin-2020');
    const recheck = async () => {
      const t = performance.now();
      const r = await fetch(`${portal.url}/api/checks/runs`, { method: 'POST', headers: admin, body: JSON.stringify({ countyCodes: [COUNTY] }) });
      await r.arrayBuffer();
      if (r.status !== 201) throw new Error(`the re-check answered ${r.status}`);
      return performance.now() - t;
    };
    const recheckBefore = await recheck();
    const loadBefore = machineLoad();
    const deadline = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10);
    const started = performance.now();
    const made = await fetch(`${portal.url}/api/tasks/from-verdicts`, { method: 'POST', headers, body: JSON.stringify({ county: COUNTY, verdicts: ['fail'], deadline }) });
    const body = (await made.json()) as { created: number; skipped: number };
    const createMs = performance.now() - started;
    if (made.status !== 201) throw new Error(`from-verdicts answered ${made.status}: ${JSON.stringify(body)}`);
    const recheckAfter = await recheck();
    const times: number[] = [];
    let errors = 0;
    await Promise.all(Array.from({ length: VIEWERS }, async () => {
      for (let i = 0; i < REQUESTS; i++) {
        const t = performance.now();
        const r = await fetch(`${portal.url}/api/tasks/summary?county=${COUNTY}`, { headers });
        await r.arrayBuffer();
        times.push(performance.now() - t);
        if (r.status !== 200) errors++;
      }
    }));
    console.log([label, body.created, fmt(createMs), fmt(recheckBefore), fmt(recheckAfter), VIEWERS, times.length, fmt(percentile(times, 50)), fmt(percentile(times, 95)), fmt(percentile(times, 99)), errors, loadBefore].join('\t'));
  } finally {
    await portal.stop();
  }
}

console.log(['driver', 'tasks set', 'set ms', 're-check before ms', 'after ms', 'viewers', 'requests', 'summary p50 ms', 'p95 ms', 'p99 ms', 'errors', 'load 1/5/15 min'].join('\t'));
await onEachDriver('cuntu-bench-tasks', measure);

/**
 * Time to a dry-run report and to commit for a county's village statistics ledger (.xlsx: a title, a
 * two-row merged header, a total row; one row per village of the sample county, about 300), through
 * the real server's API on PGlite and PostGIS — the commit including the re-check of every village —,
 * with the machine's load beside them.
 *   npx tsx tools/bench/src/statistics-ledger.ts [--runs 3]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { statisticsLedger } from '@cuntu/testing';
import { median, onEachDriver } from './bench-databases';
import { startPortalProcess } from './portal-process';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' } } });
const RUNS = Number(values.runs);
const load = () => os.loadavg().map((n) => n.toFixed(2)).join(' ');
const ms = (x: number) => `${Math.round(x)} ms`;

type Row = { villageCode: string; villageName: string; townName: string; households: number | null; population: number | null; registeredPoorHouseholds: number | null; registeredPoorPeople: number | null };

await onEachDriver('cuntu-ledger-bench', async (driver, env) => {
  const portal = await startPortalProcess(env);
  try {
    const login = await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'cuntu-admin-2020' }) });
    const headers = { authorization: `Bearer ${((await login.json()) as { token: string }).token}` };
    const table = (await (await fetch(`${portal.url}/api/villages/statistics?county=150525000000`, { headers })).json()) as { villages: Row[] };
    const timings = { dryRun: [] as number[], commit: [] as number[] };
    for (let run = 0; run < RUNS; run++) {
      // Each run a ledger with other figures (so every commit writes every village), as an office would send it.
      const ledger = statisticsLedger(table.villages.filter((v) => v.population && v.households).map((v) => {
        const poor = Math.max(1, Math.round(v.population! * 0.1));
        return { code: v.villageCode, name: v.villageName, town: v.townName, figures: [v.households, String(v.population), Math.min(v.households!, Math.ceil(poor / 3)), poor, 0, run] as [number, string, number, number, number, number] };
      }));
      const send = async (commit: boolean) => {
        const started = performance.now();
        const response = await fetch(`${portal.url}/api/villages/statistics/import?fileName=ledger.xlsx${commit ? '&commit=true' : ''}`, {
          method: 'POST', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: ledger as Uint8Array<ArrayBuffer>,
        });
        const report = (await response.json()) as { total: number; invalid: number; rechecked: number };
        if (response.status !== 200 || report.invalid) throw new Error(`${response.status} ${JSON.stringify(report).slice(0, 500)}`);
        return { elapsed: performance.now() - started, report };
      };
      const dry = await send(false);
      const done = await send(true);
      timings.dryRun.push(dry.elapsed);
      timings.commit.push(done.elapsed);
      if (run === 0) console.log(`${driver}: ledger of ${dry.report.total} villages (${(ledger.byteLength / 1024).toFixed(0)} KB), ${done.report.rechecked} re-checked on commit`);
    }
    console.log(`${driver}: dry-run report median ${ms(median(timings.dryRun))} (${timings.dryRun.map(ms).join(', ')}); commit with re-check median ${ms(median(timings.commit))} (${timings.commit.map(ms).join(', ')}); load ${load()}`);
  } catch (e) {
    console.log(`the portal said:\n${portal.output().slice(-3000)}`);
    throw e;
  } finally {
    await portal.stop();
  }
});

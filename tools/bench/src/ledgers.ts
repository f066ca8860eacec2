/**
 * Time to a dry-run report and to commit for two county ledgers, through the real server's API on
 * PGlite and PostGIS, with the machine's load beside them:
 * - a village statistics ledger (.xlsx: a title, a two-row merged header, a total row; one row per
 *   village of the sample county, about 300), the commit including the re-check of every village;
 * - a house ledger without coordinates (.xlsx, `--houses` rows, villages by name), each row placed at
 *   its village's point: upload, dry run and commit as the import wizard runs them.
 *   npx tsx tools/bench/src/ledgers.ts [--runs 3] [--houses 3000]
 */
import { parseArgs } from 'node:util';
import { houseLedger, houseLedgerRows, statisticsLedger } from '@cuntu/testing';
import { median, onEachDriver } from './bench-databases';
import { startPortalProcess } from './portal-process';
import { machineLoad } from './figures';

const { values } = parseArgs({ options: { runs: { type: 'string', default: '3' }, houses: { type: 'string', default: '3000' } } });
const RUNS = Number(values.runs);
const HOUSES = Number(values.houses);
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
    console.log(`${driver}: statistics dry-run report median ${ms(median(timings.dryRun))} (${timings.dryRun.map(ms).join(', ')}); commit with re-check median ${ms(median(timings.commit))} (${timings.commit.map(ms).join(', ')}); load ${machineLoad()}`);

    // The house ledger, as the housing team's import wizard sends it.
    const housing = { authorization: `Bearer ${((await (await fetch(`${portal.url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'editor-housing', password: 'cuntu-housing-2020' }) })).json()) as { token: string }).token}` };
    const villages = table.villages;
    const houses = houseLedger(houseLedgerRows(villages.map((v) => v.villageName), HOUSES));
    const started = performance.now();
    const upload = await fetch(`${portal.url}/api/imports?layer=houses&fileName=houses.xlsx`, { method: 'POST', headers: { ...housing, 'content-type': 'application/octet-stream' }, body: houses as Uint8Array<ArrayBuffer> });
    const job = (await upload.json()) as { id: string };
    if (upload.status !== 201) throw new Error(`upload ${upload.status} ${JSON.stringify(job).slice(0, 500)}`);
    const uploaded = performance.now();
    const runJob = async (mode: 'dry-run' | 'commit') => {
      const begin = performance.now();
      await fetch(`${portal.url}/api/imports/${job.id}/${mode}`, { method: 'POST', headers: { ...housing, 'content-type': 'application/json' }, body: '{}' });
      for (;;) {
        const state = (await (await fetch(`${portal.url}/api/imports/${job.id}`, { headers: housing })).json()) as { state: string; report?: { invalid: number }; result?: { created: number }; error?: unknown };
        if (state.state !== 'running') {
          if (state.state === 'failed' || (state.report?.invalid ?? 0) > 0) throw new Error(JSON.stringify(state).slice(0, 800));
          return { elapsed: performance.now() - begin, state };
        }
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    const dry = await runJob('dry-run');
    const done = await runJob('commit');
    console.log(`${driver}: house ledger of ${HOUSES} rows without coordinates (${(houses.byteLength / 1024).toFixed(0)} KB): upload and read ${ms(uploaded - started)}, dry-run report ${ms(dry.elapsed)}, commit ${ms(done.elapsed)} (${done.state.result?.created} created, placed by village); load ${machineLoad()}`);
  } catch (e) {
    console.log(`the portal said:\n${portal.output().slice(-3000)}`);
    throw e;
  } finally {
    await portal.stop();
  }
});

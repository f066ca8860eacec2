/**
 * Times a full standards evaluation (facts, verdicts, storing results) of the sample county and, with
 * --prefecture, the eight-county prefecture, on PGlite and on PostGIS, in one run.
 *   npx tsx tools/bench/src/checks.ts [--prefecture] [--scale N] [--runs N]
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import type { DriverName } from '@cuntu/db';
import { runChecks } from '@cuntu/checks';
import { generateSampleData, loadSampleData } from '@cuntu/sample-data';
import { median, openBenchDatabase, serverAvailable } from './bench-databases';

const { values } = parseArgs({
  options: {
    prefecture: { type: 'boolean', default: false },
    scale: { type: 'string', default: '1' },
    runs: { type: 'string', default: '5' },
  },
});
const scale = Number(values.scale);
const runs = Math.max(1, Number(values.runs));
const datasets = [{ label: 'county (奈曼旗)', prefecture: false }, ...(values.prefecture ? [{ label: 'prefecture (通辽市, 8 counties)', prefecture: true }] : [])];
const drivers: DriverName[] = ['pglite', ...((await serverAvailable()) ? (['postgres'] as const) : [])];
if (drivers.length === 1) console.log('PostGIS server not reachable (set BENCH_DATABASE_URL): PGlite only');

console.log(`standards checks, scale ${scale}: the first run (every verdict new), then ${runs} timed runs over unchanged data; times in ms (full evaluation: facts + verdicts + storing results)`);
console.log(['dataset', 'driver', 'villages', 'results', 'first', 'min', 'median', 'max', 'load'].join('\t'));
for (const set of datasets) {
  const data = generateSampleData({ seed: 1, scale, prefecture: set.prefecture });
  for (const driver of drivers) {
    const database = await openBenchDatabase(driver);
    try {
      await loadSampleData(database, data);
      const warm = await runChecks(database);
      const times: number[] = [];
      for (let i = 0; i < runs; i++) times.push((await runChecks(database)).durationMs);
      console.log([set.label, driver, data.villages.length, warm.results, warm.durationMs, Math.min(...times), median(times), Math.max(...times), os.loadavg()[0].toFixed(2)].join('\t'));
    } finally {
      await database.close();
    }
  }
}

// `npm test`: installs what is missing, lints, type-checks and builds every project, then runs all
// Vitest suites (unit, database on PGlite and — with TEST_DATABASE_URL — PostGIS, browser journeys in
// Debian's Chromium) and ends with one 'N passed, N failed' line.
import { readFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { ensureInstalled, run, ROOT, NX_ENV } from './workspace.mjs';

ensureInstalled();
console.log('▸ lint, typecheck and build …');
run('npx', ['nx', 'run-many', '-t', 'lint', 'typecheck', 'build', '--output-style=static']);

console.log(`▸ vitest (${process.env.TEST_DATABASE_URL ? 'PGlite and PostGIS' : 'PGlite only; set TEST_DATABASE_URL to add PostGIS'}) …`);
const report = `${ROOT}tmp/vitest-report.json`;
const vitest = spawnSync('npx', ['vitest', 'run', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)], {
  cwd: ROOT, stdio: 'inherit', env: NX_ENV,
});
let summary = 'no report';
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  summary = `${r.numPassedTests} passed, ${r.numFailedTests} failed, ${r.numPendingTests + r.numTodoTests} skipped`;
  if (r.numTotalTests === 0) summary = '0 passed, 1 failed (no test ran)';
} catch {
  // the runner died before writing its report: the exit status below says so
}
console.log(`\nvitest: ${summary}`);
process.exit(vitest.status ?? 1);

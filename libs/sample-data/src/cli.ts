#!/usr/bin/env -S npx tsx
/**
 * Generates the sample county and loads it into the database (DATABASE_URL, else PGlite in
 * CUNTU_DATA_DIR), or writes it as JSON with --out.
 *   tsx libs/sample-data/src/cli.ts [--seed N] [--scale N] [--prefecture] [--out file.json] [--replace]
 */
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { openDatabase } from '@cuntu/db';
import { datasetChecksum, generateSampleData, getSampleMeta, loadSampleData } from './index';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    scale: { type: 'string', default: '1' },
    prefecture: { type: 'boolean', default: false },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  console.log('usage: cuntu-sample-data [--seed N] [--scale N] [--prefecture] [--out file.json]');
  process.exit(0);
}
const seed = Number(values.seed);
const scale = Number(values.scale);
if (!Number.isInteger(seed) || !(scale > 0)) {
  console.error('--seed must be an integer and --scale a positive number');
  process.exit(2);
}

const started = performance.now();
const data = generateSampleData({ seed, scale, prefecture: values.prefecture });
console.log(`generated seed ${seed} scale ${scale}${values.prefecture ? ' (prefecture)' : ''} in ${Math.round(performance.now() - started)} ms, checksum ${datasetChecksum(data)}`);
if (values.out) {
  await writeFile(values.out, JSON.stringify(data));
  console.log(`written to ${values.out}`);
} else {
  const database = await openDatabase();
  const existing = await getSampleMeta(database);
  if (existing) {
    console.error(`the database already holds sample data (seed ${existing.seed}); use a fresh database or data directory`);
    await database.close();
    process.exit(1);
  }
  await loadSampleData(database, data, (p) => console.log(`  ${p.table}: ${p.rows} rows`));
  console.log(`loaded into ${database.driver} in ${Math.round(performance.now() - started)} ms`);
  await database.close();
}

import { createHash } from 'node:crypto';
import { TABLE_ORDER, type SampleDataset } from './dataset';

/** SHA-256 over every row of every table, in order: equal checksums mean the same county. */
export function datasetChecksum(data: SampleDataset): string {
  const hash = createHash('sha256');
  for (const table of TABLE_ORDER) for (const row of data[table]) hash.update(JSON.stringify(row)).update('\n');
  return hash.digest('hex');
}

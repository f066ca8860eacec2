import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateDatabase } from '@cuntu/db';
import { openTestDatabase, TEMPLATE_SEED, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { generateSampleData } from './generate';
import { databaseChecksum, getSampleMeta, loadSampleData } from './load';
import { datasetChecksum } from './checksum';
import { TABLE_ORDER } from './dataset';

const data = generateSampleData({ seed: TEMPLATE_SEED });
const checksums: Record<string, Record<string, string>> = {};

describe.each(TEST_DRIVERS)('the sample county loaded on %s', (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  it('holds every generated row', async () => {
    checksums[driver] = await databaseChecksum(database);
    const snake = (s: string) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    for (const table of TABLE_ORDER) expect(checksums[driver][snake(table)], table).toMatch(new RegExp(`^${data[table].length}:`));
  });

  it('records the seed and the checksum of what it loaded', async () => {
    const meta = await getSampleMeta(database);
    expect(meta).toMatchObject({ seed: TEMPLATE_SEED, scale: 1, prefecture: false, checksum: datasetChecksum(data) });
  });

  it('is all or nothing: a failing load leaves no rows behind', async () => {
    const empty = await openTestDatabase(driver, { sample: false });
    try {
      await migrateDatabase(empty);
      const broken = { ...data, houses: [...data.houses.slice(0, 5), { ...data.houses[5], villageCode: '999999999999' }] };
      await expect(loadSampleData(empty, broken)).rejects.toThrow();
      const after = await databaseChecksum(empty);
      expect(Object.values(after).every((v) => v.startsWith('0:'))).toBe(true);
      expect(await getSampleMeta(empty)).toBeNull();
    } finally {
      await empty.close();
    }
  });
});

describe.runIf(TEST_DRIVERS.length > 1)('both drivers', () => {
  it('store the same rows for the same seed (same checksum over every table)', () => {
    expect(checksums.postgres).toEqual(checksums.pglite);
  });
});

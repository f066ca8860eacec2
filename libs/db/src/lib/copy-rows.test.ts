import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { copyText, copyTextRows, textValue, type CopyValue, type Database } from '../index';
import { DRIVERS, openEmptyDatabase } from './test-databases';

describe('COPY text', () => {
  it('writes null as \\N and escapes backslash, tab and line breaks', () => {
    expect(copyText([[1, 'a\tb', null], ['c\\d\ne\rf', true, ['x', 'y "z"']]])).toBe('1\ta\\tb\t\\N\nc\\\\d\\ne\\rf\tt\t{"x","y \\\\"z\\\\""}\n');
  });

  it('refuses a NUL character, which no PostgreSQL text can hold', () => {
    expect(() => textValue('a\u0000b')).toThrow(/NUL/);
  });
});

describe.each(DRIVERS)('copyTextRows on %s', (driver) => {
  let database: Database;
  const awkward: CopyValue[][] = [
    [1, 'tab\there', 'line\nbreak'],
    [2, 'back\\slash \\N', null],
    [3, '村图 «quotes» "double" \'single\'', 'SRID=4326;POINT(121.5 43.6)'],
    [4, '', 'carriage\rreturn'],
  ];

  beforeAll(async () => {
    database = await openEmptyDatabase(driver);
  });
  afterAll(() => database?.close());

  it('stores every value exactly, in order, over several chunks', async () => {
    const many = Array.from({ length: 25_000 }, (_, i): CopyValue[] => [i + 10, `row ${i}`, i % 3 ? null : `${i}\t${i}`]);
    const stored = await database.db.transaction(async (tx) => {
      await tx.execute(sql`CREATE TEMP TABLE staged (seq int, a text, b text) ON COMMIT DROP`);
      await copyTextRows(tx, driver, 'staged', ['seq', 'a', 'b'], [...awkward, ...many]);
      const result = await tx.execute(sql`SELECT seq, a, b FROM staged ORDER BY seq`);
      return (Array.isArray(result) ? result : (result as { rows: unknown[] }).rows) as Array<{ seq: number; a: string; b: string | null }>;
    });
    expect(stored.length).toBe(awkward.length + many.length);
    expect(stored.slice(0, 4)).toEqual(awkward.map(([seq, a, b]) => ({ seq, a, b })));
    expect(stored.at(-1)).toEqual({ seq: 25_009, a: 'row 24999', b: '24999\t24999' });
    expect(stored.at(-2)).toEqual({ seq: 25_008, a: 'row 24998', b: null });
    expect(stored[4 + 3 * 1000]).toEqual({ seq: 3010, a: 'row 3000', b: '3000\t3000' });
  });

  it('stops when told to, rolls back, and leaves the connection usable', async () => {
    const rows = Array.from({ length: 30_000 }, (_, i): CopyValue[] => [i, `row ${i}`, null]);
    await database.rows(sql`CREATE TABLE kept (seq int, a text, b text)`);
    let chunks = 0;
    await expect(database.db.transaction(async (tx) => {
      await tx.execute(sql`INSERT INTO kept VALUES (-1, 'before', NULL)`);
      await copyTextRows(tx, driver, 'kept', ['seq', 'a', 'b'], rows, () => {
        if (++chunks === 2) throw new Error('cancelled');
      });
    })).rejects.toThrow('cancelled');
    expect(await database.rows(sql`SELECT count(*)::int AS n FROM kept`)).toEqual([{ n: 0 }]);
  });

  it('stops on a value it cannot copy, before sending it, and rolls back', async () => {
    await expect(database.db.transaction(async (tx) => {
      await copyTextRows(tx, driver, 'kept', ['seq', 'a', 'b'], [[1, 'fine', null], [2, 'nul \u0000 here', null]]);
    })).rejects.toThrow(/NUL/);
    expect(await database.rows(sql`SELECT count(*)::int AS n FROM kept`)).toEqual([{ n: 0 }]);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '../index';
import { codeInRegionSql } from './region-sql';
import { DRIVERS, openEmptyDatabase } from './test-databases';

describe.each(DRIVERS)('codeInRegionSql on %s', (driver) => {
  let database: Database;
  const codes = ['150500000000', '150525000000', '150525100000', '150525100201', '150526100201', '150600000000', '150925100201'];

  beforeAll(async () => {
    database = await openEmptyDatabase(driver);
    await database.db.execute(sql`CREATE TABLE placed (code text)`);
    await database.db.execute(sql`CREATE INDEX placed_code_idx ON placed (code)`);
    await database.db.execute(sql`INSERT INTO placed SELECT unnest(${`{${codes.join(',')}}`}::text[])`);
  });
  afterAll(() => database?.close());

  it('keeps the codes in a region, at each level', async () => {
    const inRegion = async (region: string) => (await database.rows<{ code: string }>(sql`SELECT code FROM placed WHERE ${codeInRegionSql(sql`code`, region)} ORDER BY code`)).map((r) => r.code);
    expect(await inRegion('150500000000')).toEqual(codes.slice(0, 5));
    expect(await inRegion('150525000000')).toEqual(['150525000000', '150525100000', '150525100201']);
    expect(await inRegion('150525100000')).toEqual(['150525100000', '150525100201']);
    expect(await inRegion('150000000000')).toEqual(codes);
  });

  it('is answered by an index on the code in a generic plan, where LIKE with a parameter is not (a region read only its own rows)', async () => {
    // The condition as the driver sends it (with parameters), planned once for any region: a prepared statement's generic plan.
    const { sql: text, params } = new PgDialect().sqlToQuery(sql`SELECT code FROM placed WHERE ${codeInRegionSql(sql`code`, '150525000000')}`);
    await database.db.execute(sql.raw(`PREPARE probe AS ${text}`));
    await database.db.execute(sql`SET plan_cache_mode = force_generic_plan`);
    await database.db.execute(sql`SET enable_seqscan = off`);
    try {
      const literal = (p: unknown) => `'${String(p)}'`;
      const [plan] = await database.rows<{ 'QUERY PLAN': unknown }>(sql.raw(`EXPLAIN (FORMAT JSON) EXECUTE probe(${params.map(literal).join(', ')})`));
      expect(JSON.stringify(plan['QUERY PLAN'])).toMatch(/"Index Cond":"\(\(code >= \$1\) AND \(code <= \$2\)\)"/);
    } finally {
      await database.db.execute(sql`RESET enable_seqscan`);
      await database.db.execute(sql`RESET plan_cache_mode`);
      await database.db.execute(sql`DEALLOCATE probe`);
    }
  });
});

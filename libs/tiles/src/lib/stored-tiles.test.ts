import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { openTestDatabase, recordingStatements, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createTilesRepo } from './tiles.repo';
import { tileContaining, type TileAddress } from './tile-query';
import { STORED_MAX_ZOOM } from './stored-tiles';

describe.each(TEST_DRIVERS)('low-zoom tiles stored for every process, on %s', (driver) => {
  let database: TestDatabase;
  let house: { id: number; lon: number; lat: number };
  let here: TileAddress;
  /** A tile of the same zoom far from the sample county (its data all lies in one tile at this zoom). */
  let elsewhere: TileAddress;
  /** A second process: its own repo over the same database, with the statements it sends recorded. */
  const secondProcess = () => {
    const recorded = recordingStatements(database);
    const made = () => recorded.sent.filter((text) => /ST_AsMVT\(q,|ST_RemoveRepeatedPoints/.test(text)).length;
    return { repo: createTilesRepo(recorded.database), made };
  };
  const stampOf = async (layer: 'houses' | 'roads', address: TileAddress) => (await createTilesRepo(database).storedTile({ layer, ...address, personalData: false, region: null }, undefined, []))!.stamp;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    [house] = await database.rows<{ id: number; lon: number; lat: number }>(sql`SELECT id, ST_X(location) AS lon, ST_Y(location) AS lat FROM houses ORDER BY id LIMIT 1`);
    here = tileContaining(house.lon, house.lat, STORED_MAX_ZOOM);
    elsewhere = tileContaining(house.lon - 20, house.lat - 10, STORED_MAX_ZOOM);
  });
  afterAll(() => database?.close());

  it('is made by one process and served by another from the database, without making it again', async () => {
    const first = await createTilesRepo(database).storedTile({ layer: 'houses', ...here, personalData: false, region: null }, undefined, []);
    expect(first!.tile!.byteLength).toBeGreaterThan(0);
    const other = secondProcess();
    const again = await other.repo.storedTile({ layer: 'houses', ...here, personalData: false, region: null }, undefined, []);
    expect(again!.stamp).toBe(first!.stamp);
    expect(again!.tile).toEqual(first!.tile);
    expect(other.made()).toBe(0);
    // The client's stamp: nothing but the stamp comes back.
    expect((await other.repo.storedTile({ layer: 'houses', ...here, personalData: false, region: null }, undefined, [first!.stamp]))!.tile).toBeNull();
  });

  it('is made again after an edit under it, while tiles elsewhere and of other layers keep their stamps', async () => {
    const before = { here: await stampOf('houses', here), elsewhere: await stampOf('houses', elsewhere), roads: await stampOf('roads', here) };
    await database.rows(sql`UPDATE houses SET household_size = coalesce(household_size, 1) + 1 WHERE id = ${house.id}`);
    const other = secondProcess();
    const after = await other.repo.storedTile({ layer: 'houses', ...here, personalData: false, region: null }, undefined, []);
    expect(other.made()).toBe(1);
    expect(after!.stamp).not.toBe(before.here);
    expect(await stampOf('houses', elsewhere)).toBe(before.elsewhere);
    expect(await stampOf('roads', here)).toBe(before.roads);
  });

  it('is made again when the verdicts its features carry are written, not when another layer\'s are', async () => {
    const before = { houses: await stampOf('houses', here), roads: await stampOf('roads', here) };
    await database.rows(sql`UPDATE check_results SET reason_en = reason_en || '.' WHERE subject_type = 'house' AND subject_id = ${String(house.id)}`);
    expect(await stampOf('houses', here)).not.toBe(before.houses);
    expect(await stampOf('roads', here)).toBe(before.roads);
  });

  it('follows a change whose transaction commits after a later one', async () => {
    if (driver !== 'postgres') return; // one connection on PGlite: no two transactions at once
    const before = await stampOf('houses', here);
    // A change numbered first but committed last (a check run's verdicts, while an editor's house edit
    // commits) must still move the stamp a tile was made under in between.
    const slow = postgres(database.location, { max: 1, onnotice: () => undefined });
    try {
      await slow.unsafe('BEGIN');
      await slow.unsafe(`UPDATE check_results SET reason_en = reason_en || '.' WHERE subject_type = 'house' AND subject_id = $1`, [String(house.id)]);
      await database.rows(sql`UPDATE houses SET household_size = household_size + 1 WHERE id = ${house.id}`);
      const between = await stampOf('houses', here);
      expect(between).not.toBe(before);
      await slow.unsafe('COMMIT');
      expect(await stampOf('houses', here)).not.toBe(between);
    } finally {
      await slow.end();
    }
  });
});

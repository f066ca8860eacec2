import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { LAYER_IDS } from '@cuntu/domain';
import { openTestDatabase, recordingStatements, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createTilesRepo } from './tiles.repo';
import { tileContaining, type TileAddress } from './tile-query';
import { STORED_MAX_ZOOM } from './stored-tiles';
import { keepStoredTilesMade, layersFollowing, makeStoredTiles, storedTilesOver } from './stored-tile-warmer';

/** A repo as another process has it, and how many tiles it has made (tile statements sent). */
const otherProcess = (database: TestDatabase) => {
  const recorded = recordingStatements(database);
  return { repo: createTilesRepo(recorded.database), made: () => recorded.sent.filter((text) => /ST_AsMVT\(q,|ST_RemoveRepeatedPoints/.test(text)).length };
};

describe('the stored tiles over a box', () => {
  it('are every zoom\'s tiles holding it, from z0 to the deepest stored, the coarsest first', () => {
    const box: [number, number, number, number] = [120.3, 42.5, 121.1, 43.2];
    const tiles = storedTilesOver(box);
    expect(tiles[0]).toEqual({ z: 0, x: 0, y: 0 });
    expect(tiles.at(-1)!.z).toBe(STORED_MAX_ZOOM);
    for (let z = 0; z <= STORED_MAX_ZOOM; z++) {
      const corners = [tileContaining(box[0], box[3], z), tileContaining(box[2], box[1], z)];
      for (const corner of corners) expect(tiles).toContainEqual(corner);
    }
    expect(tiles.map((t) => t.z)).toEqual([...tiles.map((t) => t.z)].sort((a, b) => a - b));
  });

  it('take in a neighbour whose buffer reaches the box, and stay inside the world at its edges', () => {
    // Just east of a z8 tile's west edge: the tile to the west reaches it with its buffer.
    const edge = tileContaining(120.5, 42.8, 8);
    const west = ((edge.x / 2 ** 8) * 360) - 180;
    expect(storedTilesOver([west + 0.001, 42.8, west + 0.002, 42.81])).toContainEqual({ ...edge, x: edge.x - 1 });
    for (const t of storedTilesOver([179.9, -89, 180, 89])) {
      expect(t.x).toBeLessThan(2 ** t.z);
      expect(t.y).toBeLessThan(2 ** t.z);
    }
  });

  it('follow the changes of their layer and of the verdicts their features carry', () => {
    expect(layersFollowing('houses')).toEqual(['houses']);
    expect(layersFollowing('verdicts:house')).toEqual(['houses']);
    expect(layersFollowing('verdicts:*')).toEqual(expect.arrayContaining(['houses', 'roads', 'villages']));
    expect(layersFollowing('verdicts:*')).not.toContain('towns');
    expect(LAYER_IDS).toContain('towns');
  });
});

describe.each(TEST_DRIVERS)('stored tiles made before anyone asks, on %s', (driver) => {
  let database: TestDatabase;
  let house: { id: number; lon: number; lat: number };
  let county: [number, number, number, number];
  const deepest = (): TileAddress => tileContaining(house.lon, house.lat, STORED_MAX_ZOOM);

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    [house] = await database.rows<{ id: number; lon: number; lat: number }>(sql`SELECT id, ST_X(location) AS lon, ST_Y(location) AS lat FROM houses ORDER BY id LIMIT 1`);
    const [b] = await database.rows<{ w: number; s: number; e: number; n: number }>(sql`
      SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n FROM (SELECT ST_Extent(boundary) AS b FROM counties) x`);
    county = [b.w, b.s, b.e, b.n];
  });
  afterAll(() => database?.close());

  it('are served to every process from the database, and made only once', async () => {
    const looked = await makeStoredTiles(database, [{ box: county, layers: ['houses', 'roads'] }]);
    expect(looked).toBe(storedTilesOver(county).length * 2);
    const reader = otherProcess(database);
    for (const address of storedTilesOver(county)) {
      const found = await reader.repo.storedTile({ layer: 'houses', ...address, personalData: false, region: null }, undefined, []);
      expect(found!.tile).not.toBeNull();
    }
    expect(reader.made()).toBe(0);
    // Made already under their stamps: looked at again, none is made.
    const maker = recordingStatements(database);
    await makeStoredTiles(maker.database, [{ box: county, layers: ['houses', 'roads'] }]);
    expect(maker.sent.filter((text) => /ST_AsMVT\(q,|ST_RemoveRepeatedPoints/.test(text))).toHaveLength(0);
  });

  it('are made again, by one of the processes, after the data under them changes', async () => {
    if (driver !== 'postgres') return; // kept made on a server only (one connection on PGlite)
    const first = recordingStatements(database);
    const second = recordingStatements(database);
    const making = (r: typeof first) => r.sent.filter((text) => /ST_AsMVT\(q,/.test(text)).length;
    await Promise.all([keepStoredTilesMade(first.database, { afterMs: 50 }), keepStoredTilesMade(second.database, { afterMs: 50 })]);
    // The whole deployment was seen to by one of them; the other found it at work.
    expect(Math.min(making(first), making(second))).toBe(0);

    const stampBefore = (await createTilesRepo(database).storedTile({ layer: 'houses', ...deepest(), personalData: false, region: null }, undefined, []))!.stamp;
    const before = { first: making(first), second: making(second) };
    await database.rows(sql`UPDATE houses SET household_size = coalesce(household_size, 1) + 1 WHERE id = ${house.id}`);
    // Made again without anyone asking: a reader then finds it stored under the new stamp.
    await expect.poll(() => making(first) + making(second) - before.first - before.second, { timeout: 20_000, interval: 100 }).toBeGreaterThanOrEqual(STORED_MAX_ZOOM + 1);
    const reader = otherProcess(database);
    await expect.poll(async () => {
      const found = await reader.repo.storedTile({ layer: 'houses', ...deepest(), personalData: false, region: null }, undefined, []);
      return found!.stamp !== stampBefore && reader.made() === 0;
    }, { timeout: 20_000, interval: 200 }).toBe(true);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { LAYER_TABLES } from '@cuntu/db';
import type { LayerId } from '@cuntu/domain';
import { openTestDatabase, recordingStatements, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createTilesRepo } from './tiles.repo';
import { bufferedTileEnvelope, tileContaining, type TileAddress } from './tile-query';
import { tileCoverage } from './tile-coverage';

const LAYERS: LayerId[] = ['houses', 'roads', 'water_sources', 'villages'];

describe.each(TEST_DRIVERS)('empty tiles known without a statement, on %s', (driver) => {
  let database: TestDatabase;
  let extent: { w: number; s: number; e: number; n: number };

  /** Every tile of zoom `z` over the sample's houses, with a ring of tiles around them. */
  const tilesOver = (z: number): TileAddress[] => {
    const nw = tileContaining(extent.w, extent.n, z);
    const se = tileContaining(extent.e, extent.s, z);
    const tiles: TileAddress[] = [];
    for (let x = nw.x - 1; x <= se.x + 1; x++) for (let y = nw.y - 1; y <= se.y + 1; y++) tiles.push({ z, x, y });
    return tiles;
  };
  /** Which of `tiles` hold a feature of `layer` by the tile statement's own test (geometry && the buffered envelope). */
  const holding = async (layer: LayerId, tiles: TileAddress[]): Promise<boolean[]> => {
    const { table, geometry } = LAYER_TABLES[layer];
    const rows = await database.rows<{ n: number; held: boolean }>(sql`
      SELECT t.n, EXISTS (SELECT 1 FROM ${table} WHERE ${geometry} && ${bufferedTileEnvelope(sql`t.z`, sql`t.x`, sql`t.y`)}) AS held
      FROM json_to_recordset(${JSON.stringify(tiles.map((t, n) => ({ ...t, n })))}::json) AS t(n int, z int, x int, y int) ORDER BY t.n`);
    return rows.map((r) => r.held);
  };
  const revisionOf = async (layer: LayerId) =>
    Number((await database.rows<{ revision: number }>(sql`SELECT revision FROM layer_revisions WHERE layer = ${layer}`))[0]?.revision ?? 0);

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    [extent] = await database.rows<typeof extent>(sql`SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n FROM (SELECT ST_Extent(location) AS b FROM houses) x`);
  });
  afterAll(() => database?.close());

  it('calls a tile empty only where the tile statement finds nothing, at every zoom, and most empty tiles so', async () => {
    const coverage = tileCoverage(database);
    for (const layer of LAYERS) {
      await coverage.refresh(layer);
      const revision = await revisionOf(layer);
      const tiles = [6, 9, 11, 13, 14].flatMap(tilesOver);
      // Deeper than the coverage's cells: tiles around a feature of the layer.
      const [first] = await database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(p) AS lon, ST_Y(p) AS lat FROM (SELECT ST_PointOnSurface(${LAYER_TABLES[layer].geometry}) AS p FROM ${LAYER_TABLES[layer].table} LIMIT 1) x`);
      const deep = tileContaining(first.lon, first.lat, 17);
      for (let dx = -3; dx <= 3; dx++) for (let dy = -3; dy <= 3; dy++) tiles.push({ z: 17, x: deep.x + dx, y: deep.y + dy });
      const held = await holding(layer, tiles);
      const known = tiles.map((tile) => coverage.knownEmpty(layer, tile, revision));
      expect(tiles.filter((_, n) => known[n] && held[n]), `${layer}: tiles called empty that hold features`).toEqual([]);
      // Every empty tile from z6 to z14 but those next to features (within a cell and a buffer of them) is known.
      const shallow = tiles.map((tile, n) => tile.z <= 14 && !held[n]);
      const empty = shallow.filter(Boolean).length;
      expect(known.filter((k, n) => k && shallow[n]).length, `${layer}: ${empty} empty tiles`).toBeGreaterThanOrEqual(empty * 0.8);
    }
  });

  it('answers an empty tile with its stamp alone: no tile statement', async () => {
    const recorded = recordingStatements(database);
    const made = () => recorded.sent.filter((text) => /ST_AsMVT\(q,|ST_RemoveRepeatedPoints/.test(text)).length;
    const repo = createTilesRepo(recorded.database);
    const far = tileContaining(extent.w - 1, extent.n + 1, 14);
    const near = tileContaining(extent.w + (extent.e - extent.w) / 2, extent.s + (extent.n - extent.s) / 2, 9);
    await tileCoverage(recorded.database).refresh('houses');
    const empty = await repo.stampedTile({ layer: 'houses', ...far, personalData: false }, undefined, []);
    expect(empty!.tile!.byteLength).toBe(0);
    expect(made()).toBe(0);
    const full = await repo.stampedTile({ layer: 'houses', ...near, personalData: false }, undefined, []);
    expect(full!.tile!.byteLength).toBeGreaterThan(0);
    expect(made()).toBe(1);
  });

  it('follows writes: a house added where there was none is in its tile at once, for a process that had read the coverage before', async () => {
    const other = recordingStatements(database).database;
    const coverage = tileCoverage(other);
    const lon = extent.w - 0.5;
    const lat = extent.s - 0.5;
    const tile = tileContaining(lon, lat, 15);
    await coverage.refresh('houses');
    expect(coverage.knownEmpty('houses', tile, await revisionOf('houses'))).toBe(true);

    await database.rows(sql`INSERT INTO houses (village_code, location) SELECT village_code, ST_SetSRID(ST_MakePoint(${lon}, ${lat}), 4326) FROM houses LIMIT 1`);
    const revision = await revisionOf('houses');
    // Not yet read up to the write: not called empty (the tile is made as before).
    expect(coverage.knownEmpty('houses', tile, revision)).toBe(false);
    await coverage.refresh('houses');
    expect(coverage.knownEmpty('houses', tile, revision)).toBe(false);
    const made = await createTilesRepo(other).stampedTile({ layer: 'houses', ...tile, personalData: false }, undefined, []);
    expect(made!.tile!.byteLength).toBeGreaterThan(0);

    // Deleted again, its cell stays marked (the tile is made, and empty) until a change too wide to follow has the layer read whole.
    await database.rows(sql`DELETE FROM houses WHERE ST_X(location) = ${lon} AND ST_Y(location) = ${lat}`);
    await coverage.refresh('houses');
    expect(coverage.knownEmpty('houses', tile, await revisionOf('houses'))).toBe(false);
    // A house typed 30° away and put back: a change spanning more cells than are worth marking.
    const [{ id }] = await database.rows<{ id: number }>(sql`SELECT id FROM houses ORDER BY id LIMIT 1`);
    await database.rows(sql`UPDATE houses SET location = ST_Translate(location, 30, 20) WHERE id = ${id}`);
    await database.rows(sql`UPDATE houses SET location = ST_Translate(location, -30, -20) WHERE id = ${id}`);
    await coverage.refresh('houses');
    const wide = await revisionOf('houses');
    expect(coverage.knownEmpty('houses', tile, wide)).toBe(true);
    const [house] = await database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(location) AS lon, ST_Y(location) AS lat FROM houses WHERE id = ${id}`);
    expect(coverage.knownEmpty('houses', tileContaining(house.lon, house.lat, 15), wide)).toBe(false);
  });
});

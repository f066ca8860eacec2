import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VectorTile } from '@mapbox/vector-tile';
import { PbfReader } from 'pbf';
import { sql } from 'drizzle-orm';
import { LAYER_IDS, type LayerId } from '@cuntu/domain';
import { openTestDatabase, recordingStatements, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createTilesRepo, detectTileEncoder, type TileEncoder } from './tiles.repo';
import { stampMemory } from './stamp-memory';
import { FULL_DETAIL_ZOOM } from '@cuntu/domain';
import { tileContaining, type TileAddress } from './tile-query';

/** A decoded tile layer: per feature id, its attributes and its geometry in tile units. */
function decode(bytes: Uint8Array, layer: string) {
  const tile = new VectorTile(new PbfReader(bytes));
  const found = tile.layers[layer];
  const features = new Map<number, { properties: Record<string, unknown>; type: number; points: number }>();
  for (let i = 0; found && i < found.length; i++) {
    const f = found.feature(i);
    features.set(Number(f.id), { properties: f.properties, type: f.type, points: f.loadGeometry().flat().length });
  }
  return { extent: found?.extent, features };
}

describe.each(TEST_DRIVERS)('vector tiles on %s', (driver) => {
  let database: TestDatabase;
  let encoder: TileEncoder;
  let profileId: number;
  const tiles: Array<TileAddress & { layer: LayerId }> = [];

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    encoder = await detectTileEncoder(database);
    [{ profileId }] = await database.rows<{ profileId: number }>(sql`SELECT id AS "profileId" FROM standards_profiles WHERE is_active`);
    // Tiles around a village committee and a road of the sample county, from county-wide to street level.
    const [p] = await database.rows<{ lon: number; lat: number }>(sql`
      SELECT ST_X(ST_StartPoint(geom)) AS lon, ST_Y(ST_StartPoint(geom)) AS lat FROM roads WHERE road_class = 'village' ORDER BY id LIMIT 1`);
    for (const z of [8, 10, 12, 14]) for (const layer of LAYER_IDS) tiles.push({ layer, ...tileContaining(p.lon, p.lat, z) });
  });
  afterAll(() => database?.close());

  it(`detects the encoder once: ST_AsMVT on PostGIS with protobuf, JS on PGlite`, () => {
    expect(encoder).toBe(driver === 'postgres' ? 'postgis' : 'js');
  });

  it('carries every feature inside the tile with its attributes and verdicts, and none outside, from the full-detail zoom', async () => {
    const repo = createTilesRepo(database);
    const address = tiles.find((t) => t.layer === 'roads' && t.z === FULL_DETAIL_ZOOM)!;
    const { features } = decode(await repo.tile({ ...address, profileId, personalData: false }), 'roads');
    const inside = await database.rows<{ id: number }>(sql`
      SELECT id FROM roads WHERE ST_Intersects(ST_Transform(geom, 3857), ST_TileEnvelope(${address.z}, ${address.x}, ${address.y}))`);
    expect(inside.length).toBeGreaterThan(0);
    for (const { id } of inside) expect(features.has(id), `road ${id}`).toBe(true);
    const [road] = await database.rows<{ id: number; width: number | null; surface: string | null }>(sql`
      SELECT id, width_m::numeric::float8 AS width, surface FROM roads WHERE id = ${inside[0].id}`);
    const decoded = features.get(road.id)!;
    expect(decoded.type).toBe(2);
    expect(decoded.properties.surface).toBe(road.surface ?? undefined);
    expect(decoded.properties.widthM).toBe(road.width ?? undefined);
    expect(['pass', 'fail', 'unknown']).toContain(decoded.properties['road.width']);
  });

  it('answers a known stamp with the stamp alone: the tile is not made, not even in the same statement', async () => {
    // Every statement sent, as text: a revalidated tile must not carry the tile's query along.
    const { database: counting, sent } = recordingStatements(database);
    const repo = createTilesRepo(counting);
    const address = tiles.find((t) => t.layer === 'roads' && t.z === 12)!;
    const stamped = (await repo.stampedTile({ ...address, personalData: false }, undefined, []))!;
    const alone = await repo.stamp('roads');
    expect(stamped).toMatchObject({ stamp: alone!.stamp, profileId });
    expect(Buffer.from(stamped.tile!).equals(Buffer.from(await repo.tile({ ...address, profileId, personalData: false })))).toBe(true);
    sent.length = 0;
    // The stamp read again (the process's memory of it emptied, as a write would): one statement, without the tile's query.
    stampMemory(counting).forget();
    expect((await repo.stampedTile({ ...address, personalData: false }, undefined, ['other', stamped.stamp]))!.tile).toBeNull();
    expect(sent).toHaveLength(1);
    expect(sent[0]).not.toMatch(/ST_AsMVT|ST_AsGeoJSON/i);
    // The stamp from memory (nothing moved it): nothing sent at all.
    sent.length = 0;
    expect((await repo.stampedTile({ ...address, personalData: false }, undefined, [stamped.stamp]))!.tile).toBeNull();
    expect(sent).toEqual([]);
    expect(await repo.stampedTile({ ...address, personalData: false }, 999_999, [])).toBeNull();
  });

  it('holds the county at every zoom, in the tiles at the world\'s east edge too, whose buffer crosses the antimeridian', async () => {
    const repo = createTilesRepo(database);
    const [village] = await database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(committee) AS lon, ST_Y(committee) AS lat FROM villages ORDER BY code LIMIT 1`);
    for (let z = 0; z <= 3; z++) {
      const address = tileContaining(village.lon, village.lat, z);
      const { features } = decode(await repo.tile({ layer: 'villages', ...address, profileId, personalData: false }), 'villages');
      expect(features.size, `villages at ${z}/${address.x}/${address.y}`).toBeGreaterThan(0);
      // Both sides of the tile's stamp see the same features: its area's changes are counted too.
      const stored = await repo.storedTile({ layer: 'villages', ...address, personalData: false, region: null }, undefined, []);
      expect(stored!.stamp, `stamp at ${z}/${address.x}/${address.y}`).not.toMatch(/-a0\.0-/);
    }
  });

  it('leaves household personal data out unless the reader may see it', async () => {
    const repo = createTilesRepo(database);
    const address = tiles.find((t) => t.layer === 'houses' && t.z === 10)!;
    const hidden = decode(await repo.tile({ ...address, profileId, personalData: false }), 'houses');
    const shown = decode(await repo.tile({ ...address, profileId, personalData: true }), 'houses');
    expect(hidden.features.size).toBeGreaterThan(0);
    expect(hidden.features.size).toBe(shown.features.size);
    for (const f of hidden.features.values()) expect(Object.keys(f.properties).filter((k) => k.startsWith('head'))).toEqual([]);
    expect([...shown.features.values()].some((f) => typeof f.properties.headName === 'string')).toBe(true);
  });

  it('generalises points below the full-detail zoom: one per cell, a failing one before a passing one; every one from it', async () => {
    // Two houses a metre apart in the same village, the first passing, the second failing.
    const [v] = await database.rows<{ code: string; lon: number; lat: number }>(sql`SELECT code, ST_X(committee) AS lon, ST_Y(committee) AS lat FROM villages ORDER BY code LIMIT 1`);
    const ids = await database.rows<{ id: number }>(sql`
      INSERT INTO houses (village_code, safety_rating, location) VALUES
        (${v.code}, 'A', ST_SetSRID(ST_MakePoint(${v.lon + 0.01}, ${v.lat + 0.01}), 4326)),
        (${v.code}, 'D', ST_SetSRID(ST_MakePoint(${v.lon + 0.01001}, ${v.lat + 0.01}), 4326)) RETURNING id`);
    await database.rows(sql`
      INSERT INTO check_results (run_id, profile_id, profile_version, rule_id, subject_type, subject_id, county_code, village_code, verdict, reason_zh, reason_en)
      SELECT (SELECT max(id) FROM check_runs), ${profileId}, 1, 'house.safety', 'house', x.id::text, '150525000000', ${v.code}, x.verdict, '测试', 'test'
      FROM (VALUES (${String(ids[0].id)}, 'pass'), (${String(ids[1].id)}, 'fail')) AS x(id, verdict)`);
    try {
      const repo = createTilesRepo(database);
      const low = decode(await repo.tile({ layer: 'houses', ...tileContaining(v.lon + 0.01, v.lat + 0.01, 10), profileId, personalData: false }), 'houses');
      expect(low.features.has(ids[1].id)).toBe(true);
      expect(low.features.has(ids[0].id)).toBe(false);
      const full = decode(await repo.tile({ layer: 'houses', ...tileContaining(v.lon + 0.01, v.lat + 0.01, FULL_DETAIL_ZOOM), profileId, personalData: false }), 'houses');
      expect(full.features.has(ids[0].id) && full.features.has(ids[1].id)).toBe(true);
    } finally {
      await database.rows(sql`DELETE FROM check_results WHERE subject_type = 'house' AND subject_id IN (${String(ids[0].id)}, ${String(ids[1].id)})`);
      await database.rows(sql`DELETE FROM houses WHERE id IN (${ids[0].id}, ${ids[1].id})`);
    }
  });

  it('generalises a tile further, a step at a time, while it is larger than the budget', async () => {
    const address = tiles.find((t) => t.layer === 'houses' && t.z === 8)!;
    const req = { ...address, profileId, personalData: false };
    const full = await createTilesRepo(database).tile({ ...req, cell: null });
    const budget = Math.floor(full.byteLength / 4);
    const fitted = await createTilesRepo(database, { maxTileBytes: budget }).tile(req);
    expect(full.byteLength).toBeGreaterThan(20_000);
    expect(fitted.byteLength).toBeLessThanOrEqual(budget);
    expect(decode(fitted, 'houses').features.size).toBeGreaterThan(10);
    if (encoder === 'postgis') {
      const stamped = await createTilesRepo(database, { maxTileBytes: budget }).stampedTile({ ...address, personalData: false }, undefined, []);
      expect(stamped!.tile!.byteLength).toBeLessThanOrEqual(budget);
    }
  });

  it('generalises lines at low zoom: fewer vertices than stored at z 8, all of them at z 14', async () => {
    const repo = createTilesRepo(database);
    const storedVertices = async ({ z, x, y }: TileAddress, ids: number[]) => (await database.rows<{ n: number }>(sql`
      SELECT coalesce(sum(ST_NPoints(geom)), 0)::int AS n FROM roads
      WHERE id = ANY(${`{${ids.join(',')}}`}::int[]) AND ST_Within(ST_Transform(geom, 3857), ST_TileEnvelope(${z}, ${x}, ${y}))`))[0].n;
    const decodedVertices = async (address: TileAddress & { layer: LayerId }) => {
      const { features } = decode(await repo.tile({ ...address, profileId, personalData: false }), 'roads');
      const inside = await database.rows<{ id: number }>(sql`
        SELECT id FROM roads WHERE ST_Within(ST_Transform(geom, 3857), ST_TileEnvelope(${address.z}, ${address.x}, ${address.y}))`);
      const ids = inside.map((r) => r.id).filter((id) => features.has(id));
      return { ids, decoded: ids.reduce((sum, id) => sum + features.get(id)!.points, 0), stored: await storedVertices(address, ids) };
    };
    const low = await decodedVertices(tiles.find((t) => t.layer === 'roads' && t.z === 8)!);
    const high = await decodedVertices(tiles.find((t) => t.layer === 'roads' && t.z === 14)!);
    expect(low.ids.length).toBeGreaterThan(100);
    expect(low.decoded).toBeLessThan(low.stored);
    expect(high.ids.length).toBeGreaterThan(0);
    expect(high.decoded).toBe(high.stored);
  });

  it.runIf(driver === 'postgres')('gives the same features and attributes from ST_AsMVT and from the JS encoder, for every layer and zoom', async () => {
    const repo = createTilesRepo(database);
    let compared = 0;
    for (const address of tiles) {
      for (const personalData of [false, true]) {
        const req = { ...address, profileId, personalData };
        const fromSql = decode(await repo.tile(req, 'postgis'), address.layer);
        const fromJs = decode(await repo.tile(req, 'js'), address.layer);
        const label = `${address.layer} ${address.z}/${address.x}/${address.y}`;
        expect([...fromJs.features.keys()].sort(), label).toEqual([...fromSql.features.keys()].sort());
        for (const [id, f] of fromSql.features) {
          expect(fromJs.features.get(id)!.properties, `${label} #${id}`).toEqual(f.properties);
          expect(fromJs.features.get(id)!.type, `${label} #${id}`).toBe(f.type);
        }
        compared += fromSql.features.size;
      }
    }
    expect(compared).toBeGreaterThan(500);
  });
});

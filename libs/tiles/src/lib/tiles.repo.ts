import { sql } from 'drizzle-orm';
import type { Database } from '@cuntu/db';
import type { LayerId } from '@cuntu/domain';
import { encodeTile, type TileRow } from './encode-tile';
import { coarser, generalisation, MAX_TILE_BYTES, mvtTileSql, tileRowsSql, type TileRequest } from './tile-query';
import { stampMemory, type LayerTileStamp, type TileStamp } from './stamp-memory';
import { tileCoverage } from './tile-coverage';
import { storedTileSql, storeTileSql, tileAudience, type StoredTileKey } from './stored-tiles';

/** Who encodes the protobuf: PostGIS itself (`ST_AsMVT`), or our JS encoder where PostGIS has no protobuf. */
export type TileEncoder = 'postgis' | 'js';

const encoders = new WeakMap<Database, Promise<TileEncoder>>();

/** Asks the database once whether `ST_AsMVT` works (PGlite's PostGIS is built without protobuf). */
export function detectTileEncoder(database: Database): Promise<TileEncoder> {
  let found = encoders.get(database);
  if (!found) {
    found = database
      .rows(sql`SELECT ST_AsMVT(q) AS tile FROM (SELECT 1 AS a, ST_AsMVTGeom(ST_MakePoint(1, 1), ST_MakeEnvelope(0, 0, 10, 10)) AS geom) q`)
      .then((): TileEncoder => 'postgis', (): TileEncoder => 'js');
    encoders.set(database, found);
  }
  return found;
}

/**
 * Tile statements are prepared: their text depends only on the layer and the audience (values are
 * parameters), so each connection keeps a few dozen, and the server skips parsing and planning them
 * again for every tile.
 */
const PREPARED = { prepare: true } as const;

const toBytes = (value: unknown): Uint8Array => (value instanceof Uint8Array ? value : new Uint8Array(0));

/** The profile's id and the stamp of a layer's tiles under it: layer and verdict revisions, profile id and version. */
function stampSql(layer: LayerId, profileId: number | undefined) {
  return sql`
    SELECT p.id, concat(${layer}::text, '-', l.revision, '.',
      coalesce((SELECT revision FROM layer_revisions WHERE layer = 'checks'), 0), '-p', p.id, 'v', p.version) AS stamp, l.revision
    FROM standards_profiles p, (SELECT coalesce((SELECT revision FROM layer_revisions WHERE layer = ${layer}), 0)::bigint AS revision) l
    WHERE ${profileId === undefined ? sql`p.is_active` : sql`p.id = ${profileId}`}`;
}

/** A stored tile's lookup (`storedTileSql`): the profile, the area's token and stamp, and whether (and what) is stored under it. */
interface StoredTileRow {
  id: number;
  version: number;
  token: string;
  stamp: string;
  stored: boolean;
  tile: unknown;
}

/** Stored tiles this process is making now, per database, by stamp and address: two requests for one are answered by one making. */
const makingOf = new WeakMap<Database, Map<string, Promise<Uint8Array>>>();

/** Vector tiles of our layers, and the revision stamp their ETags are made from; none larger than `maxTileBytes` where generalising can help. */
export function createTilesRepo(database: Database, { maxTileBytes = MAX_TILE_BYTES } = {}) {
  const making = makingOf.get(database) ?? new Map<string, Promise<Uint8Array>>();
  makingOf.set(database, making);
  const coverage = tileCoverage(database);
  /** Makes a stored tile under the profile and stamp `found` names and stores it; one making for all who ask at once. */
  const makeStored = (key: StoredTileKey, found: StoredTileRow): Promise<Uint8Array> => {
    const address = `${found.stamp}/${tileAudience(key.personalData, key.region)}/${key.z}/${key.x}/${key.y}`;
    let made = making.get(address);
    if (!made) {
      made = repo.tile({ ...key, profileId: found.id })
        .then(async (tile) => {
          // Read from a replica, it is kept on the primary, under the stamp of what it was made from.
          await (database.primary ?? database).rows(storeTileSql(key, { id: found.id, version: found.version }, found.token, tile));
          return tile;
        })
        .finally(() => making.delete(address));
      making.set(address, made);
    }
    return made;
  };
  const repo = {
    /**
     * One layer's tile as MVT bytes (empty when nothing is there), encoded by `encoder` or the detected
     * one; generalised for its zoom, and further, a step at a time, while it is larger than `maxTileBytes`.
     */
    async tile(req: TileRequest, encoder?: TileEncoder): Promise<Uint8Array> {
      const postgis = (encoder ?? (await detectTileEncoder(database))) === 'postgis';
      for (let cell = generalisation(req); ; cell = coarser(cell)) {
        const asked = { ...req, cell };
        const bytes = postgis
          ? toBytes((await database.rows<{ tile: unknown }>(mvtTileSql(asked), PREPARED))[0]?.tile)
          : encodeTile(req.layer, await database.rows<TileRow>(tileRowsSql(asked), PREPARED));
        if (bytes.byteLength <= maxTileBytes || coarser(cell) === null) return bytes;
      }
    },

    /**
     * The stamp a layer's tiles are cached and tagged by: the layer's and the verdicts' revision counters
     * and the active profile (or the one asked for), read in one query, or from this process's memory
     * of it while no write has moved it (`stampMemory`).
     */
    async stamp(layer: LayerId, profileId?: number): Promise<LayerTileStamp | null> {
      return stampMemory(database).read(`${layer}/${profileId ?? 'active'}`, async () => {
        const [row] = await database.rows<{ id: number; stamp: string; revision: string | number }>(stampSql(layer, profileId), PREPARED);
        return row ? { stamp: row.stamp, profileId: row.id, revision: Number(row.revision) } : null;
      });
    },

    /**
     * The stamp and, unless the stamp is one of `skipStamps` (the client's ETag, or a tile already in the
     * cache), the tile: an unchanged tile costs only the stamp. Asked in two statements: in one, PostgreSQL
     * ran the tile's query even when its answer was thrown away (a province's roads at z4: 18 ms a
     * revalidation, against 0.4 ms for the stamp alone). A tile where the layer has no features
     * (`tileCoverage`) is answered empty without a statement. Null when there is no such profile.
     */
    async stampedTile(req: Omit<TileRequest, 'profileId'>, profileId: number | undefined, skipStamps: string[]): Promise<(LayerTileStamp & { tile: Uint8Array | null }) | null> {
      const found = await this.stamp(req.layer, profileId);
      if (!found || skipStamps.includes(found.stamp)) return found && { ...found, tile: null };
      if (coverage.knownEmpty(req.layer, req, found.revision)) return { ...found, tile: new Uint8Array(0) };
      return { ...found, tile: await this.tile({ ...req, profileId: found.profileId }) };
    },

    /**
     * A low-zoom tile (`isStoredTile`), as every process shares it: its stamp is
     * its area's (the changes of its layer and its verdicts touching it), and it is made only when no
     * process has stored it under that stamp, then stored. Null tile: the stamp is one of `skipStamps`.
     * Null when there is no such profile.
     */
    async storedTile(key: StoredTileKey, profileId: number | undefined, skipStamps: string[]): Promise<(TileStamp & { tile: Uint8Array | null }) | null> {
      const [found] = await database.rows<StoredTileRow>(storedTileSql(key, profileId, skipStamps));
      if (!found) return null;
      const result = { stamp: found.stamp, profileId: found.id };
      if (found.stored || skipStamps.includes(found.stamp)) return { ...result, tile: found.stored && found.tile !== null ? toBytes(found.tile) : null };
      return { ...result, tile: await makeStored(key, found) };
    },

    /**
     * A low-zoom tile made before anyone asks (`keepStoredTilesMade`): made and stored unless it is
     * stored under its area's stamp already, whose bytes are then not read. False when there is no active profile.
     */
    async ensureStored(key: StoredTileKey): Promise<boolean> {
      const [found] = await database.rows<StoredTileRow>(storedTileSql(key, undefined, [], { bytes: false }));
      if (!found) return false;
      if (!found.stored) await makeStored(key, found);
      return true;
    },
  };
  return repo;
}

export type TilesRepo = ReturnType<typeof createTilesRepo>;

import { sql } from 'drizzle-orm';
import type { Database } from '@cuntu/db';
import type { LayerId } from '@cuntu/domain';
import { encodeTile, type TileRow } from './encode-tile';
import { mvtTileSql, tileRowsSql, type TileRequest } from './tile-query';

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

const toBytes = (value: unknown): Uint8Array => (value instanceof Uint8Array ? value : new Uint8Array(0));

/** Vector tiles of our layers, and the revision stamp their ETags are made from. */
export function createTilesRepo(database: Database) {
  return {
    /** One layer's tile as MVT bytes (empty when nothing is there), encoded by `encoder` or the detected one. */
    async tile(req: TileRequest, encoder?: TileEncoder): Promise<Uint8Array> {
      if ((encoder ?? (await detectTileEncoder(database))) === 'postgis') {
        const [row] = await database.rows<{ tile: unknown }>(mvtTileSql(req));
        return toBytes(row?.tile);
      }
      return encodeTile(req.layer, await database.rows<TileRow>(tileRowsSql(req)));
    },

    /** The revisions of the layer and of the stored verdicts: they change whenever a tile of the layer can. */
    async revision(layer: LayerId): Promise<string> {
      const rows = await database.rows<{ layer: string; revision: string | number }>(
        sql`SELECT layer, revision FROM layer_revisions WHERE layer IN (${layer}, 'checks')`,
      );
      const of = (name: string) => String(rows.find((r) => r.layer === name)?.revision ?? 0);
      return `${of(layer)}.${of('checks')}`;
    },
  };
}

export type TilesRepo = ReturnType<typeof createTilesRepo>;

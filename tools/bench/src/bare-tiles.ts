import postgres from 'postgres';
import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { CONNECTION_SETTINGS, LAYER_TABLES, PLAN_CACHE_MODE } from '@cuntu/db';
import type { LayerId } from '@cuntu/domain';
import { bufferedTileEnvelope, mvtTileSql, TILE_BUFFER, TILE_EXTENT, type TileAddress } from '@cuntu/tiles';

export type BenchTile = TileAddress & { layer: LayerId };

/**
 * Tiles straight from PostGIS, for comparing with the API: the API's own ST_AsMVT query (`ours`) and a
 * minimal ST_AsMVT of geometry and id only (`minimal`), each prepared and planned once as the API's tile
 * statements are (the same footing); each resolves to its time in ms and the tile's size in bytes.
 */
export function createBareTiles(databaseUrl: string) {
  const client = postgres(databaseUrl, { max: 1, onnotice: () => undefined, connection: { ...CONNECTION_SETTINGS, plan_cache_mode: PLAN_CACHE_MODE } });
  const dialect = new PgDialect();
  const run = async (query: ReturnType<typeof mvtTileSql>) => {
    const { sql: text, params } = dialect.sqlToQuery(query);
    const at = performance.now();
    const [row] = await client.unsafe(text, params as never[], { prepare: true });
    const tile = Object.values(row ?? {})[0] as Uint8Array | null;
    return { ms: performance.now() - at, bytes: tile?.byteLength ?? 0 };
  };
  return {
    ours: (t: BenchTile, profileId: number) => run(mvtTileSql({ ...t, profileId, personalData: false })),
    minimal: (t: BenchTile) => {
      const { table, geometry, id } = LAYER_TABLES[t.layer];
      return run(sql`SELECT ST_AsMVT(q, ${t.layer}, ${TILE_EXTENT}, 'geom') FROM (
        SELECT ST_AsMVTGeom(ST_Transform(${geometry}, 3857), ST_TileEnvelope(${t.z}, ${t.x}, ${t.y}), ${TILE_EXTENT}, ${TILE_BUFFER}, true) AS geom, ${id} AS id
        FROM ${table} WHERE ${geometry} && ${bufferedTileEnvelope(t.z, t.x, t.y)}) q`);
    },
    close: () => client.end(),
  };
}


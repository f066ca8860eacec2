import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import { inRegionSql, LAYER_TABLES, type Database } from '@cuntu/db';
import type { LayerId } from '@cuntu/domain';
import { carryToken } from '../auth/carry-token';

/** What every /ogc resource (features and tiles) shares: its base URL, its links, a collection's extent. */

/** The absolute base URL of /ogc for links, as the client reached it. */
export const ogcBase = (c: Context) => `${new URL(c.req.url).origin}/ogc`;

/** A link under /ogc, carrying the client's token when it logged in with one in the query. */
export const ogcHref = (c: Context, path = '') => carryToken(c, `${ogcBase(c)}${path}`);

/**
 * The bounding box of a layer's geometries in longitude / latitude (west, south, east, north) — of those
 * in `region` when one is given (the reader's) —, or null when it holds none.
 */
export async function layerExtent(database: Database, layer: LayerId, region: string | null = null): Promise<[number, number, number, number] | null> {
  const { table, geometry } = LAYER_TABLES[layer];
  const [extent] = await database.rows<{ w: number | null; s: number; e: number; n: number }>(sql`
    SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n
    FROM (SELECT ST_Extent(${geometry}) AS b FROM ${table} WHERE ${inRegionSql(layer, region) ?? sql`true`}) x`);
  return extent?.w == null ? null : [extent.w, extent.s, extent.e, extent.n];
}

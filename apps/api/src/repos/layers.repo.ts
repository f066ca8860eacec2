import { sql } from 'drizzle-orm';
import { inRegionSql, LAYER_TABLES, layerRevisions, noticeMemory, type Database, type NoticeMemory } from '@cuntu/db';
import type { LayerId } from '@cuntu/domain';

type LayerCounts = Array<{ layer: LayerId; count: number }>;

/**
 * How long a process answers the layers' counts from memory. Any process's write to a layer empties
 * every process's memory at once (the `revisions` change notices), and this process's own writes as it
 * answers them; counting a province's layers took 600 ms, on every opening of the map.
 */
const COUNTS_MEMORY_MS = 60_000;
const memories = new WeakMap<Database, NoticeMemory<LayerCounts>>();

/** This process's memory of the layers' counts, per region. */
export function layerCountsMemory(database: Database): NoticeMemory<LayerCounts> {
  let memory = memories.get(database);
  if (!memory) memories.set(database, (memory = noticeMemory<LayerCounts>(database, 'revisions', { ttlMs: COUNTS_MEMORY_MS, maxEntries: 500 })));
  return memory;
}

/** How many features each layer holds, and each layer's write counter. */
export function createLayersRepo(database: Database) {
  return {
    /** How many features each layer holds in `region` (a division code), or in all (null); remembered (`layerCountsMemory`). */
    countAll(region: string | null): Promise<LayerCounts> {
      const layers = Object.entries(LAYER_TABLES) as Array<[LayerId, (typeof LAYER_TABLES)[LayerId]]>;
      return layerCountsMemory(database).read(region ?? '*', async () => {
        // Every layer counted in one statement: one round trip, one connection.
        const [row] = await database.rows<Record<LayerId, number>>(sql`SELECT ${sql.join(layers.map(([layer, { table }]) => {
          const where = inRegionSql(layer, region);
          return sql`(SELECT count(*)::int FROM ${table}${where ? sql` WHERE ${where}` : sql``}) AS ${sql.identifier(layer)}`;
        }), sql`, `)}`);
        return layers.map(([layer]) => ({ layer, count: row[layer] }));
      });
    },
    /** Each layer's write counter (bumped by the tables' triggers), `checks` for the stored verdicts. */
    async revisions(): Promise<Record<string, number>> {
      const rows = await database.db.select({ layer: layerRevisions.layer, revision: layerRevisions.revision }).from(layerRevisions);
      return Object.fromEntries(rows.map((r) => [r.layer, Number(r.revision)]));
    },
  };
}

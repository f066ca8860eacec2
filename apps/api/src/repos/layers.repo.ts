import { count } from 'drizzle-orm';
import { inRegionSql, LAYER_TABLES, layerRevisions, type Database } from '@cuntu/db';
import type { LayerId } from '@cuntu/domain';

/** How many features each layer holds, and each layer's write counter. */
export function createLayersRepo(database: Database) {
  return {
    /** How many features each layer holds in `region` (a division code), or in all (null). */
    async countAll(region: string | null): Promise<Array<{ layer: LayerId; count: number }>> {
      const result = [];
      for (const [layer, { table }] of Object.entries(LAYER_TABLES) as Array<[LayerId, (typeof LAYER_TABLES)[LayerId]]>) {
        const [row] = await database.db.select({ n: count() }).from(table).where(inRegionSql(layer, region));
        result.push({ layer, count: row.n });
      }
      return result;
    },
    /** Each layer's write counter (bumped by the tables' triggers), `checks` for the stored verdicts. */
    async revisions(): Promise<Record<string, number>> {
      const rows = await database.db.select({ layer: layerRevisions.layer, revision: layerRevisions.revision }).from(layerRevisions);
      return Object.fromEntries(rows.map((r) => [r.layer, Number(r.revision)]));
    },
  };
}

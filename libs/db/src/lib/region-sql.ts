import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { regionPrefixOf, type LayerId } from '@cuntu/domain';
import { LAYER_TABLES } from './layer-tables';

/** How a query names a column: as drizzle's column (the default) or through an alias (`t.village_code`). */
type ColumnRef = (column: AnyColumn) => SQL;
const plain: ColumnRef = (column) => sql`${column}`;

/** The division code placing a layer's feature: its region columns, finest first, coalesced. */
export function regionCodeSql(layer: LayerId, ref: ColumnRef = plain): SQL {
  const columns = LAYER_TABLES[layer].region.map(ref);
  return columns.length === 1 ? columns[0] : sql`coalesce(${sql.join(columns, sql`, `)})`;
}

/**
 * Whether a code (an SQL expression; division codes are 12 digits) lies in `region`: it starts with the
 * region's significant digits, i.e. lies between them padded with 0s and with 9s. A range, which a btree
 * index on the code (or on the expression) answers under any collation and in a generic plan; `LIKE $1`
 * read every row there. The range alone, not beside the LIKE: the planner multiplied their two
 * estimates of the same rows into almost none, and chose nested loops that took seconds.
 */
export const codeInRegionSql = (code: SQL | AnyColumn, region: string): SQL => {
  const prefix = regionPrefixOf(region);
  return sql`(${code} BETWEEN ${prefix.padEnd(12, '0')} AND ${prefix.padEnd(12, '9')})`;
};

/** The condition keeping a layer's features to `region`, or undefined for the whole deployment (null). */
export function inRegionSql(layer: LayerId, region: string | null, ref: ColumnRef = plain): SQL | undefined {
  return region === null ? undefined : codeInRegionSql(regionCodeSql(layer, ref), region);
}

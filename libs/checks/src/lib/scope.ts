import { sql } from 'drizzle-orm';
import { pgArray, type Database } from '@cuntu/db';

/** What a check run covers: whole counties, or some villages (and the features in them). */
export interface CheckScope {
  countyCodes: string[];
  /** When set, only these villages (and their groups, houses, roads, sites) are judged. */
  villageCodes?: string[];
  /** Also judge these roads, water sources and relocation sites (an edited trunk road, source or a site without a village has no village of its own). */
  roadIds?: number[];
  sourceIds?: number[];
  siteIds?: number[];
}

/** The county codes of a set of villages. */
export async function countiesOfVillages(database: Database, villageCodes: string[]): Promise<string[]> {
  const rows = await database.rows<{ county_code: string }>(sql`
    SELECT DISTINCT t.county_code FROM villages v JOIN towns t ON t.code = v.town_code WHERE v.code = ANY(${pgArray(villageCodes)}::text[])`);
  return rows.map((r) => r.county_code);
}

export async function allCountyCodes(database: Database): Promise<string[]> {
  const rows = await database.rows<{ code: string }>(sql`SELECT code FROM counties ORDER BY code`);
  return rows.map((r) => r.code);
}

export { pgArray } from '@cuntu/db';

/**
 * A set of positive integer ids as a PostgreSQL boolean array whose element `id` is true for members:
 * `(flags)[id]` is a constant-time membership test where `id = ANY(list)` would scan the list per row.
 */
export function idFlags(ids: readonly number[]): string {
  const max = ids.reduce((m, id) => Math.max(m, id), 0);
  const flags = new Array<string>(max).fill('f');
  for (const id of ids) flags[id - 1] = 't';
  return `{${flags.join(',')}}`;
}

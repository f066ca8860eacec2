import { sql } from 'drizzle-orm';
import type { Database } from '@cuntu/db';
import { inEveryLocale } from '@cuntu/messages';
import { groupNameKey } from '@cuntu/domain';
import { createVillageMatcher, knownVillages, missText, placeList } from '../villages/village-matcher';
import type { RowProblem } from './field-mapping';

type Place = { lon: number; lat: number };
interface KnownGroup extends Place {
  code: string;
  name: string;
  villageCode: string;
}


/**
 * Finds where a ledger row belongs when it names its village and group rather than giving their codes
 * (八里村 / 3组), and where a row without coordinates may be placed: its group's point, else its
 * village's committee. Reads the county's villages and groups once per import.
 */
export async function createRowLocator(database: Database) {
  const villages = await knownVillages(database);
  const groups = await database.rows<KnownGroup>(sql`
    SELECT code, name, village_code AS "villageCode", ST_X(settlement) AS lon, ST_Y(settlement) AS lat FROM village_groups`);
  const matcher = createVillageMatcher(villages);
  const villageByCode = new Map(villages.map((v) => [v.code, v]));
  const groupByCode = new Map(groups.map((g) => [g.code, g]));
  const groupsOf = new Map<string, KnownGroup[]>();
  for (const g of groups) groupsOf.set(g.villageCode, [...(groupsOf.get(g.villageCode) ?? []), g]);

  return {
    /**
     * The row's `villageCode` and `groupCode` as codes: kept when they are codes (a wrong code is the
     * schema's or the database's to refuse), found by name otherwise; a name that cannot be found is a
     * problem naming the value and the closest candidates.
     */
    resolve(row: number, values: Record<string, unknown>): RowProblem[] {
      const problems: RowProblem[] = [];
      const given = (v: unknown) => (v === null || v === undefined ? '' : String(v).trim());
      const village = given(values.villageCode);
      // Digits are a code, right or wrong (the schema says what a code needs); anything else is a name.
      if (village && !/^\d+$/.test(village)) {
        const found = matcher.match(null, village);
        if ('village' in found) values.villageCode = found.village.code;
        else problems.push({ row, field: 'villageCode', problem: missText(found) });
      }
      const group = given(values.groupCode);
      const villageCode = String(values.villageCode ?? '');
      if (group && !/^\d{15}$/.test(group) && villageByCode.has(villageCode)) {
        const own = groupsOf.get(villageCode) ?? [];
        const villageName = villageByCode.get(villageCode)!.name;
        const match = own.filter((g) => groupNameKey(g.name, villageName) === groupNameKey(group, villageName));
        if (match.length === 1) values.groupCode = match[0].code;
        else problems.push({ row, field: 'groupCode', problem: inEveryLocale('locate.unknown_group', { village: villageByCode.get(villageCode)!.name, given: group, candidates: placeList(own) }) });
      }
      return problems;
    },

    /** Where a row without coordinates goes: its group's point, else its village's committee (null when neither is known). */
    place(values: Record<string, unknown>): [number, number] | null {
      const group = groupByCode.get(String(values.groupCode ?? ''));
      const village = villageByCode.get(String(values.villageCode ?? ''));
      const at = group && group.villageCode === village?.code ? group : village;
      return at ? [at.lon, at.lat] : null;
    },
  };
}

export type RowLocator = Awaited<ReturnType<typeof createRowLocator>>;

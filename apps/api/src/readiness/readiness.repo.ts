import { sql } from 'drizzle-orm';
import { statisticsYearOf } from '@cuntu/checks';
import type { Database } from '@cuntu/db';
import { READINESS_ITEMS } from '@cuntu/api-contract';

type Item = { key: (typeof READINESS_ITEMS)[number]; count: number; of: number | null; lacking: boolean };

/**
 * What a deployment holds and what its checks still lack, in one statement: the regions, the villages
 * without statistics (or without the incidence figures) of the year the checks read, groups without a
 * household count, water sources without a test up to the as-of date, houses still to place, and
 * whether the active profile has judged anything.
 */
export async function readiness(database: Database, asOf: string): Promise<Item[]> {
  const year = statisticsYearOf(asOf);
  const [r] = await database.rows<Record<string, number>>(sql`
    SELECT
      (SELECT count(*) FROM counties)::int AS counties,
      (SELECT count(*) FROM towns)::int AS towns,
      (SELECT count(*) FROM villages)::int AS villages,
      (SELECT count(*) FROM village_groups)::int AS groups,
      (SELECT count(*) FROM villages v WHERE NOT EXISTS (SELECT 1 FROM village_stats s WHERE s.village_code = v.code AND s.year = ${year}))::int AS "villagesWithoutStatistics",
      (SELECT count(*) FROM village_stats s WHERE s.year = ${year} AND (s.population IS NULL OR s.not_lifted_people IS NULL))::int AS "villagesWithoutIncidence",
      (SELECT count(*) FROM village_groups WHERE households IS NULL)::int AS "groupsWithoutHouseholds",
      (SELECT count(*) FROM roads)::int AS roads,
      (SELECT count(*) FROM water_sources)::int AS "waterSources",
      (SELECT count(*) FROM water_sources w WHERE NOT EXISTS (SELECT 1 FROM water_tests t WHERE t.source_id = w.id AND t.sampled_on <= ${asOf}::date))::int AS "sourcesWithoutTest",
      (SELECT count(*) FROM houses)::int AS houses,
      (SELECT count(*) FROM houses WHERE location_approximate)::int AS "housesToPlace",
      (SELECT count(*) FROM check_results r JOIN standards_profiles p ON p.id = r.profile_id AND p.is_active)::int AS judged`);
  const of = { villagesWithoutStatistics: r.villages, villagesWithoutIncidence: r.villages, groupsWithoutHouseholds: r.groups, sourcesWithoutTest: r.waterSources, housesToPlace: r.houses } as Record<string, number>;
  // A region table or the judged results empty, or anything the checks miss, is lacking.
  const lackingWhenEmpty = new Set(['counties', 'towns', 'villages', 'judged']);
  return READINESS_ITEMS.map((key) => ({
    key, count: r[key], of: of[key] ?? null,
    lacking: key in of ? r[key] > 0 : lackingWhenEmpty.has(key) && r[key] === 0,
  }));
}

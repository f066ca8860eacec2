import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { EXIT_RULE_IDS } from '@cuntu/standards';
import { createProfilesRepo, createResultsRepo, runChecks } from '../index';

const NAIMAN = '150525000000';

describe.each(TEST_DRIVERS)('the places\' figures roll-ups sum, on %s', (driver) => {
  let database: TestDatabase;
  let profileId: number;

  /** A town's villages' figures counted from the verdicts themselves, as the roll-up did before it had figures. */
  const fromVerdicts = async (town: string) => database.rows<{ code: string; villages: number; ready: number; dangerous: number; breaches: number }>(sql`
    WITH placed AS (
      SELECT coalesce(r.village_code, r.town_code, r.county_code) AS code, r.* FROM check_results r
      WHERE r.profile_id = ${profileId} AND r.village_code LIKE ${`${town.slice(0, 9)}%`}
    ),
    ready AS (
      SELECT subject_id AS code FROM check_results WHERE profile_id = ${profileId} AND subject_type = 'village' AND verdict = 'pass'
        AND rule_id IN (${sql.join(EXIT_RULE_IDS.map((id) => sql`${id}`), sql`, `)})
      GROUP BY subject_id HAVING count(*) = ${EXIT_RULE_IDS.length}
    )
    SELECT code,
      count(DISTINCT subject_id) FILTER (WHERE subject_type = 'village')::int AS villages,
      (code IN (SELECT code FROM ready))::int AS ready,
      count(*) FILTER (WHERE rule_id = 'house.safety' AND verdict = 'fail')::int AS dangerous,
      count(DISTINCT subject_id) FILTER (WHERE subject_type = 'relocation_site' AND verdict = 'fail' AND rule_id IN ('relocation.area', 'relocation.self_funding'))::int AS breaches
    FROM placed GROUP BY code ORDER BY code`);
  const rolledUp = async (town: string) => (await createResultsRepo(database).rollup(profileId, town))
    .filter((v) => v.villages > 0 || v.dangerousHousesRemaining > 0)
    .map((v) => ({ code: v.code, villages: v.villages, ready: v.villagesReadyToExit, dangerous: v.dangerousHousesRemaining, breaches: v.relocationRedLineBreaches }))
    .sort((a, b) => a.code.localeCompare(b.code));
  const expected = async (town: string) => (await fromVerdicts(town))
    .filter((v) => v.villages > 0 || v.dangerous > 0)
    .map(({ code, villages, ready, dangerous, breaches }) => ({ code, villages, ready, dangerous, breaches }));

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    profileId = (await createProfilesRepo(database).active()).id;
    await runChecks(database, { countyCodes: [NAIMAN] });
  });
  afterAll(() => database?.close());

  it('sums to what the verdicts say, village by village, after a whole county\'s run', async () => {
    const [{ town }] = await database.rows<{ town: string }>(sql`SELECT town_code AS town FROM villages GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`);
    const rows = await rolledUp(town);
    expect(rows.length).toBeGreaterThan(5);
    expect(rows).toEqual(await expected(town));
    const county = await createResultsRepo(database).rollup(profileId, NAIMAN);
    const [{ villages }] = await database.rows<{ villages: number }>(sql`SELECT count(*)::int AS villages FROM check_results WHERE profile_id = ${profileId} AND rule_id = 'village.paved_road'`);
    expect(county.reduce((n, t) => n + t.villages, 0)).toBe(villages);
  });

  it('follows a re-check of a few villages: a house made dangerous counts at once in its village, its town and its county', async () => {
    const [house] = await database.rows<{ id: number; village: string; town: string }>(sql`
      SELECT h.id, h.village_code AS village, v.town_code AS town FROM houses h JOIN villages v ON v.code = h.village_code
      JOIN check_results r ON r.profile_id = ${profileId} AND r.subject_type = 'house' AND r.subject_id = h.id::text AND r.rule_id = 'house.safety' AND r.verdict = 'pass'
      ORDER BY h.id LIMIT 1`);
    const dangerousIn = async (region: string, code: string) => (await createResultsRepo(database).rollup(profileId, region)).find((c) => c.code === code)!.dangerousHousesRemaining;
    const before = { village: await dangerousIn(house.town, house.village), town: await dangerousIn(NAIMAN, house.town) };
    await database.rows(sql`UPDATE houses SET safety_rating = 'D', renovation_status = 'not_started' WHERE id = ${house.id}`);
    await runChecks(database, { villageCodes: [house.village] });
    expect(await dangerousIn(house.town, house.village)).toBe(before.village + 1);
    expect(await dangerousIn(NAIMAN, house.town)).toBe(before.town + 1);
    expect(await rolledUp(house.town)).toEqual(await expected(house.town));
  });
});

import { sql, type SQL } from 'drizzle-orm';
import { codeInRegionSql, rowsOf, type Database } from '@cuntu/db';
import { EXIT_RULE_IDS } from '@cuntu/standards';
import { pgArray } from './scope';

/** Where a verdict (of `check_results` as `alias`) is placed: its village, else its town, else its county (what `check_results_place_idx` indexes). */
export const verdictPlace = (alias: SQL = sql`r`): SQL => sql`coalesce(${alias}.village_code, ${alias}.town_code, ${alias}.county_code)`;

/** Which places a refresh covers, as a condition on a place code (a verdict's `verdictPlace`, a figure's `place_code`). */
export type Places = (place: SQL) => SQL;

/** Places in any of these regions (whole counties, for a run over them). */
export const placesInRegions = (regions: string[]): Places => (place) => sql`(${sql.join(regions.map((code) => codeInRegionSql(place, code)), sql` OR `)})`;
/** Exactly these places (the villages a run judged, and the places of the other subjects it judged). */
export const placesAmong = (codes: string[]): Places => (place) => sql`${place} = ANY(${pgArray(codes)}::text[])`;

type Executor = Pick<Database['db'], 'execute'>;

/**
 * Sums the verdicts placed at `places` under a profile into `check_figures` again (one row per place),
 * replacing what was there: run in the transaction that wrote the verdicts, so the two never disagree.
 * A village's own verdicts are placed at it and nowhere else: it is judged (1) when it has any, ready
 * when it passes every exit rule; a site breaches a red line once however many of its rules fail.
 */
export async function refreshFigures(executor: Executor, profileId: number, places: Places): Promise<void> {
  await executor.execute(sql`DELETE FROM check_figures WHERE profile_id = ${profileId} AND ${places(sql`place_code`)}`);
  await executor.execute(sql`
    INSERT INTO check_figures (profile_id, place_code, villages, villages_ready, paved_all, paved_pass, groups_all, groups_pass, dangerous_houses_remaining, relocation_breaches)
    SELECT ${profileId}, ${verdictPlace()},
      (count(*) FILTER (WHERE r.subject_type = 'village') > 0)::int,
      (count(*) FILTER (WHERE r.subject_type = 'village' AND r.verdict = 'pass' AND r.rule_id = ANY(${pgArray(EXIT_RULE_IDS)}::text[])) = ${EXIT_RULE_IDS.length})::int,
      count(*) FILTER (WHERE r.rule_id = 'village.paved_road'),
      count(*) FILTER (WHERE r.rule_id = 'village.paved_road' AND r.verdict = 'pass'),
      count(*) FILTER (WHERE r.rule_id = 'road.group_coverage'),
      count(*) FILTER (WHERE r.rule_id = 'road.group_coverage' AND r.verdict = 'pass'),
      count(*) FILTER (WHERE r.rule_id = 'house.safety' AND r.verdict = 'fail'),
      count(DISTINCT r.subject_id) FILTER (WHERE r.subject_type = 'relocation_site' AND r.verdict = 'fail' AND r.rule_id IN ('relocation.area', 'relocation.self_funding'))
    FROM check_results r WHERE r.profile_id = ${profileId} AND ${places(verdictPlace())}
    GROUP BY 2`);
}

/** The places of the verdicts a condition on `check_results r` keeps: where a run's replaced verdicts were. */
export async function placesOfVerdicts(executor: Executor, which: SQL): Promise<string[]> {
  const found = rowsOf<{ place: string | null }>(await executor.execute(sql`SELECT DISTINCT ${verdictPlace()} AS place FROM check_results r WHERE ${which}`));
  return found.map((row) => row.place).filter((place): place is string => place !== null);
}

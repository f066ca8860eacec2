import { randomUUID } from 'node:crypto';
import { setImmediate } from 'node:timers/promises';
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { appMeta, checkRuns, type Database } from '@cuntu/db';
import type { RuleSubject } from '@cuntu/domain';
import {
  judgeGroupCoverage, judgeHouse, judgeRelocationSite, judgeRoadSegment, judgeVillage, judgeWaterSource, segmentHardness,
  waterSourceTier, type RuleVerdict, type WaterTier,
} from '@cuntu/standards';
import { createFactsRepo, type Placement } from './facts.repo';
import { createProfilesRepo, type StoredProfile } from './profiles.repo';
import { allCountyCodes, countiesOfVillages, pgArray, type CheckScope } from './scope';

export interface RunChecksOptions {
  /** The profile to judge by. Default: the active profile. */
  profileId?: number;
  /** Counties to evaluate. Default: every county, or those of `villageCodes`. */
  countyCodes?: string[];
  /** Evaluate only these villages (and the features in them, and the sources serving them). */
  villageCodes?: string[];
  /** With `villageCodes`: also these roads, water sources and relocation sites. */
  roadIds?: number[];
  sourceIds?: number[];
  siteIds?: number[];
  /** The date time-dependent rules are judged on. Default: the sample data's as-of date, else today. */
  asOf?: string;
  /** Told as the run moves on: judging (facts read and rules applied), then storing, batch by batch. */
  onProgress?: (step: RunProgress) => void;
}

export interface RunProgress {
  phase: 'judging' | 'storing';
  done: number;
  total: number;
}

/** How far a run is, 0–1: judging (its fact reads, one by one) is most of its time, storing the rest. */
export function runFraction({ phase, done, total }: RunProgress): number {
  const share = done / Math.max(total, 1);
  return phase === 'judging' ? 0.7 * share : 0.7 + 0.3 * share;
}

export interface RunSummary {
  runId: number;
  profile: { id: number; key: string; version: number };
  scope: string;
  asOf: string;
  results: number;
  byVerdict: Record<'pass' | 'fail' | 'unknown', number>;
  durationMs: number;
}

interface Judged { subjectType: RuleSubject; subjectId: string; place: Placement; verdict: RuleVerdict }

/**
 * Results inserted per statement. PGlite runs statements on the event loop's thread and resolves them
 * without giving timers or sockets a turn, so it gets smaller batches with a yield between them.
 */
const INSERT_BATCH = { postgres: 5000, pglite: 2000 } as const;

/** Evaluates a scope against a profile: facts from the database, verdicts from the rules, results stored. */
export async function runChecks(database: Database, options: RunChecksOptions = {}): Promise<RunSummary> {
  const started = performance.now();
  const profiles = createProfilesRepo(database);
  await profiles.ensureShipped();
  const profile = options.profileId ? await profiles.get(options.profileId) : await profiles.active();
  if (!profile) throw new Error(`no standards profile ${options.profileId}`);
  const countyCodes = options.countyCodes ?? (options.villageCodes ? await countiesOfVillages(database, options.villageCodes) : await allCountyCodes(database));
  const scope: CheckScope = {
    countyCodes, villageCodes: options.villageCodes ?? (options.roadIds || options.sourceIds || options.siteIds ? [] : undefined),
    roadIds: options.roadIds, sourceIds: options.sourceIds, siteIds: options.siteIds,
  };
  const asOf = options.asOf ?? (await checksAsOf(database));

  options.onProgress?.({ phase: 'judging', done: 0, total: JUDGING_STEPS });
  const { judged, sourceIds } = await judgeScope(database, scope, profile, asOf, options.onProgress);
  const scopeLabel = scope.villageCodes ? `villages:${scope.villageCodes.length}` : `counties:${countyCodes.join(',')}`;
  const runId = await storeResults(database, profile, scope, scopeLabel, asOf, judged, sourceIds, options.onProgress);

  const byVerdict = { pass: 0, fail: 0, unknown: 0 };
  for (const j of judged) byVerdict[j.verdict.verdict]++;
  return {
    runId, profile: { id: profile.id, key: profile.key, version: profile.version }, scope: scopeLabel, asOf,
    results: judged.length, byVerdict, durationMs: Math.round(performance.now() - started),
  };
}

/** The year whose village statistics the checks read for an as-of date (YYYY-MM-DD): the one it falls in. */
export const statisticsYearOf = (asOf: string): number => Number(asOf.slice(0, 4));

/**
 * The date the checks judge the data as of: the one an administrator set (`checksAsOf` of the
 * deployment's settings), else the sample county's, else today. Village statistics are read for the
 * year it falls in, water tests up to it.
 */
export async function checksAsOf(database: Database): Promise<string> {
  const stored = await database.db.select({ key: appMeta.key, value: appMeta.value }).from(appMeta).where(inArray(appMeta.key, ['settings', 'sample']));
  const of = (key: string) => (stored.find((r) => r.key === key)?.value as Record<string, unknown> | undefined);
  const set = of('settings')?.checksAsOf ?? of('sample')?.asOf;
  return typeof set === 'string' ? set : new Date().toISOString().slice(0, 10);
}

/** Reads the facts of a scope and judges every subject in it. */
/** The fact reads judging waits for (roads, then six side by side, then water sources): its progress steps. */
const JUDGING_STEPS = 8;

async function judgeScope(database: Database, scope: CheckScope, profile: StoredProfile, asOf: string, onProgress?: RunChecksOptions['onProgress']) {
  const t = profile.thresholds;
  const facts = createFactsRepo(database);
  let read = 0;
  /** Each fact read, once done, moves judging's progress on. */
  const step = <T>(value: T): T => {
    onProgress?.({ phase: 'judging', done: ++read, total: JUDGING_STEPS });
    return value;
  };
  const statisticsYear = statisticsYearOf(asOf);
  const judged: Judged[] = [];
  const push = (subjectType: RuleSubject, subjectId: string | number, place: Placement, verdicts: Array<RuleVerdict | null>) => {
    for (const verdict of verdicts) if (verdict) judged.push({ subjectType, subjectId: String(subjectId), place, verdict });
  };

  const roads = step(await facts.roads(scope));
  const passIds: number[] = [];
  const maybeIds: number[] = [];
  for (const road of roads) {
    const hardness = segmentHardness(road, t.road);
    if (hardness === 'pass') passIds.push(road.id);
    if (hardness !== 'fail') maybeIds.push(road.id);
    if (road.inScope) push('road', road.id, road, judgeRoadSegment(road, t.road));
  }

  // Independent fact queries run side by side (the server pool parallelises them; PGlite queues them).
  const [groupSources, groups, routeRows, villages, houses, sites] = await Promise.all([
    facts.groupSources(scope).then(step),
    facts.groups(scope, passIds, maybeIds).then(step),
    facts.networkReach(scope, passIds, maybeIds, t.road.snapM).then((reach) => facts.routes(scope, { ...reach, passIds })).then(step),
    facts.villages(scope, statisticsYear).then(step),
    facts.houses(scope).then(step),
    facts.relocationSites(scope).then(step),
  ]);
  const servingIds = scope.villageCodes ? [...new Set([...groupSources.map((g) => g.sourceId), ...(scope.sourceIds ?? [])])] : undefined;
  const tierOf = new Map<number, WaterTier>();
  for (const source of step(await facts.waterSources(scope, servingIds, asOf))) {
    const verdicts = judgeWaterSource(source, t.water, asOf);
    tierOf.set(source.id, waterSourceTier(verdicts));
    push('water_source', source.id, source, verdicts);
  }
  const sourcesOfGroup = new Map<string, number[]>();
  for (const { groupCode, sourceId } of groupSources) sourcesOfGroup.set(groupCode, [...(sourcesOfGroup.get(groupCode) ?? []), sourceId]);

  const groupsOfVillage = new Map<string, typeof groups>();
  for (const g of groups) {
    groupsOfVillage.set(g.villageCode!, [...(groupsOfVillage.get(g.villageCode!) ?? []), g]);
    push('group', g.code, g, [judgeGroupCoverage(g, t.road)]);
  }

  const routes = new Map(routeRows.map((r) => [r.code, r]));
  for (const v of villages) {
    const route = routes.get(v.code);
    const verdicts = judgeVillage({
      code: v.code, name: v.name, population: v.population, notLiftedPeople: v.notLiftedPeople, powerCoveragePct: v.powerCoveragePct,
      ...(v.statisticsId == null ? { statisticsMissingFor: statisticsYear } : {}),
      tvCoveragePct: v.tvCoveragePct, broadbandFibre: v.broadbandFibre, broadbandMbps: v.broadbandMbps,
      clinic: v.clinicId == null ? null : { areaM2: v.clinicAreaM2, rooms: v.clinicRooms, staff: v.clinicStaff, licensedDoctors: v.licensedDoctors },
      culturalCentre: v.cultureId == null ? null : { items: v.cultureItems },
      bus: { servicedKm: v.servicedKm, unrecordedKm: v.unrecordedKm },
      route: { connectedM: route?.connectedM ?? null, possibleM: route?.possibleM ?? null, nearestHardenedM: route?.nearestHardenedM ?? null },
      groups: (groupsOfVillage.get(v.code) ?? []).map((g) => ({ code: g.code, name: g.name, sourceTiers: (sourcesOfGroup.get(g.code) ?? []).map((id) => tierOf.get(id) ?? 'unknown') })),
    }, t);
    push('village', v.code, { countyCode: v.countyCode, townCode: v.townCode, villageCode: v.code }, verdicts);
  }

  for (const h of houses) push('house', h.id, h, judgeHouse(h, t.house));
  for (const s of sites) push('relocation_site', s.id, s, judgeRelocationSite(s, t.relocation));
  return { judged, sourceIds: servingIds };
}

const RESULT_COLUMNS = sql.raw('rule_id, subject_type, subject_id, county_code, town_code, village_code, verdict, tier, measured, threshold, reason_zh, reason_en');

/** One batch of judged verdicts as rows (one JSON parameter: far fewer bind parameters than a multi-row VALUES list). */
function resultRows(judged: Judged[]): SQL {
  const batch = judged.map(({ subjectType, subjectId, place, verdict: v }) => ({
    rule_id: v.ruleId, subject_type: subjectType, subject_id: subjectId, county_code: place.countyCode, town_code: place.townCode,
    village_code: place.villageCode, verdict: v.verdict, tier: v.tier ?? null, measured: v.measured ?? null, threshold: v.threshold ?? null,
    reason_zh: v.reasonZh, reason_en: v.reasonEn,
  }));
  return sql`SELECT * FROM json_to_recordset(${JSON.stringify(batch)}::json) AS x(rule_id text, subject_type text, subject_id text, county_code text, town_code text,
    village_code text, verdict text, tier text, measured jsonb, threshold jsonb, reason_zh text, reason_en text)`;
}

/**
 * Replaces the scope's results under this profile with the new ones, in one transaction. On PGlite,
 * whose transaction holds every other request, the new rows are first staged in a temporary table in
 * small statements, so the transaction itself is one delete and one insert from the stage.
 */
async function storeResults(database: Database, profile: StoredProfile, scope: CheckScope, label: string, asOf: string, judged: Judged[], sourceIds?: number[], onProgress?: RunChecksOptions['onProgress']): Promise<number> {
  const size = INSERT_BATCH[database.driver];
  const batches = Math.ceil(judged.length / size);
  const stage = database.driver === 'pglite' ? `check_stage_${randomUUID().replace(/-/g, '').slice(0, 16)}` : null;
  if (stage) {
    await database.db.execute(sql`CREATE TEMP TABLE ${sql.identifier(stage)} AS ${resultRows([])} WITH NO DATA`);
    for (let i = 0; i < judged.length; i += size) {
      onProgress?.({ phase: 'storing', done: i / size, total: batches });
      await setImmediate();
      await database.db.execute(sql`INSERT INTO ${sql.identifier(stage)} ${resultRows(judged.slice(i, i + size))}`);
    }
  }
  try {
    return await database.db.transaction(async (tx) => {
      // Results are derived data, recomputable at any time: no need to wait for the WAL flush at commit.
      if (database.driver === 'postgres') await tx.execute(sql`SET LOCAL synchronous_commit = off`);
      const [run] = await tx.insert(checkRuns).values({ profileId: profile.id, scope: label, asOf, status: 'running' }).returning({ id: checkRuns.id });
      if (scope.villageCodes) {
        await tx.execute(sql`
          DELETE FROM check_results WHERE profile_id = ${profile.id} AND (
            (subject_type <> 'water_source' AND village_code = ANY(${pgArray(scope.villageCodes)}::text[]))
            OR (subject_type = 'water_source' AND subject_id = ANY(${pgArray(sourceIds ?? [])}::text[]))
            OR (subject_type = 'road' AND subject_id = ANY(${pgArray(scope.roadIds ?? [])}::text[]))
            OR (subject_type = 'relocation_site' AND subject_id = ANY(${pgArray(scope.siteIds ?? [])}::text[])))`);
      } else {
        await tx.execute(sql`DELETE FROM check_results WHERE profile_id = ${profile.id} AND county_code = ANY(${pgArray(scope.countyCodes)}::text[])`);
      }
      const insert = (rows: SQL) => tx.execute(sql`
        INSERT INTO check_results (run_id, profile_id, profile_version, ${RESULT_COLUMNS})
        SELECT ${run.id}, ${profile.id}, ${profile.version}, ${RESULT_COLUMNS} FROM (${rows}) x`);
      if (stage) await insert(sql`SELECT * FROM ${sql.identifier(stage)}`);
      else {
        for (let i = 0; i < judged.length; i += size) {
          onProgress?.({ phase: 'storing', done: i / size, total: batches });
          await insert(resultRows(judged.slice(i, i + size)));
        }
      }
      await tx.update(checkRuns).set({ status: 'done', finishedAt: sql`now()`, resultCount: judged.length }).where(eq(checkRuns.id, run.id));
      return run.id;
    });
  } finally {
    if (stage) await database.db.execute(sql`DROP TABLE IF EXISTS ${sql.identifier(stage)}`);
  }
}

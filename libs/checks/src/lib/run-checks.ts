import { setImmediate } from 'node:timers/promises';
import { eq, inArray, sql, type SQL } from 'drizzle-orm';
import { appMeta, checkRuns, type Database } from '@cuntu/db';
import { regionCovers, type RuleSubject } from '@cuntu/domain';
import {
  judgeGroupCoverage, judgeHouse, judgeRelocationSite, judgeRoadSegment, judgeVillage, judgeWaterSource, segmentHardness,
  waterSourceTier, type RuleVerdict, type WaterTier,
} from '@cuntu/standards';
import { createFactsRepo, type Placement } from './facts.repo';
import { placesAmong, placesInRegions, placesOfVerdicts, refreshFigures, type Places } from './figures';
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
  /** A run over several whole counties judges and stores them one by one: which county this is (from 0), of how many. */
  countyIndex: number;
  counties: number;
}

/**
 * How far a run is, 0–1: county by county, and within a county judging (its fact reads, one by one)
 * is most of its time, storing the rest.
 */
export function runFraction({ phase, done, total, countyIndex, counties }: RunProgress): number {
  const share = done / Math.max(total, 1);
  return (countyIndex + (phase === 'judging' ? 0.7 * share : 0.7 + 0.3 * share)) / Math.max(counties, 1);
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
 * Counties judged at once: on a server, the next while one is judged, since one county's reads wait on
 * each other's (the network before its groups and routes) and leave the second core idle meanwhile
 * (a province's run without writes: 56 s one at a time, 50 s two at once); PGlite queues every read.
 */
const JUDGED_AT_ONCE = { postgres: 2, pglite: 1 } as const;

/** Results inserted per statement on a server. */
const INSERT_BATCH = 5_000;

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
  // Whole counties are judged and stored one at a time: memory holds one county's facts and verdicts
  // however many counties there are, and each county's verdicts switch together.
  const parts: CheckScope[] = scope.villageCodes ? [scope] : countyCodes.map((code) => ({ countyCodes: [code] }));

  let runId = 0;
  let results = 0;
  const byVerdict = { pass: 0, fail: 0, unknown: 0 };
  // The next counties are judged while the last one's verdicts are stored (on a server, whose other
  // connections read meanwhile): at most three counties in memory. Progress follows the latest county.
  let latest = -1;
  let storing: Promise<unknown> = Promise.resolve();
  const reportFor = (countyIndex: number) => options.onProgress && ((step: Pick<RunProgress, 'phase' | 'done' | 'total'>) => {
    if (countyIndex < latest) return;
    latest = countyIndex;
    options.onProgress!({ ...step, countyIndex, counties: parts.length });
  });
  const judgings = new Map<number, ReturnType<typeof judgeScope>>();
  const startJudging = (countyIndex: number) => {
    if (countyIndex >= parts.length || judgings.has(countyIndex)) return;
    const report = reportFor(countyIndex);
    report?.({ phase: 'judging', done: 0, total: JUDGING_STEPS });
    const started = judgeScope(database, parts[countyIndex], profile, asOf, report);
    started.catch(() => undefined);
    judgings.set(countyIndex, started);
  };
  for (const [countyIndex, part] of parts.entries()) {
    const report = reportFor(countyIndex);
    let judging: Awaited<ReturnType<typeof judgeScope>>;
    try {
      for (let ahead = 0; ahead < JUDGED_AT_ONCE[database.driver]; ahead++) startJudging(countyIndex + ahead);
      judging = await judgings.get(countyIndex)!;
      judgings.delete(countyIndex);
    } finally {
      await storing;
    }
    const { judged, sourceIds } = judging;
    const label = part.villageCodes ? `villages:${part.villageCodes.length}` : `counties:${part.countyCodes.join(',')}`;
    const stored = storeResults(database, profile, part, label, asOf, judged, sourceIds, report).then((id) => (runId = id));
    // PGlite has one connection: judging would only queue behind the store.
    if (database.driver === 'pglite') await stored;
    // Its failure is thrown where it is awaited, before the next county is stored or the run ends.
    stored.catch(() => undefined);
    storing = stored;
    results += judged.length;
    for (const j of judged) byVerdict[j.verdict.verdict]++;
  }
  await storing;
  return {
    runId, profile: { id: profile.id, key: profile.key, version: profile.version },
    scope: scope.villageCodes ? `villages:${scope.villageCodes.length}` : `counties:${countyCodes.join(',')}`, asOf,
    results, byVerdict, durationMs: Math.round(performance.now() - started),
  };
}

type ReportStep = (step: Pick<RunProgress, 'phase' | 'done' | 'total'>) => void;

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
/** The fact reads judging waits for (eight, side by side as far as they can be): its progress steps. */
const JUDGING_STEPS = 8;

async function judgeScope(database: Database, scope: CheckScope, profile: StoredProfile, asOf: string, onProgress?: ReportStep) {
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

  // Fact reads run side by side (the server pool parallelises them; PGlite queues them): only the
  // network's reads wait for the roads (which segments pass), and the sources' for the groups' links.
  const network = facts.roads(scope).then(step).then((roads) => {
    const passIds: number[] = [];
    const maybeIds: number[] = [];
    for (const road of roads) {
      const hardness = segmentHardness(road, t.road);
      if (hardness === 'pass') passIds.push(road.id);
      if (hardness !== 'fail') maybeIds.push(road.id);
      if (road.inScope) push('road', road.id, road, judgeRoadSegment(road, t.road));
    }
    return { passIds, maybeIds };
  });
  const linked = facts.groupSources(scope).then(step);
  // The sources serving the scope's groups are judged wherever they lie (a works across the county line
  // serves these villages too); in a county scope only the scope's own sources' verdicts are stored.
  const serving = linked.then((groupSources) => {
    const servedIds = [...new Set(groupSources.map((g) => g.sourceId))];
    const servingIds = scope.villageCodes ? [...new Set([...servedIds, ...(scope.sourceIds ?? [])])] : undefined;
    return facts.waterSources(servingIds ? { ids: servingIds } : { countyCodes: scope.countyCodes, ids: servedIds }, asOf).then(step).then((sources) => ({ servingIds, sources }));
  });
  const [groupSources, { servingIds, sources }, groups, routeRows, villages, houses, sites] = await Promise.all([
    linked,
    serving,
    network.then(({ passIds, maybeIds }) => facts.groups(scope, passIds, maybeIds)).then(step),
    network.then(({ passIds, maybeIds }) => facts.networkReach(scope, passIds, maybeIds, t.road.snapM).then((reach) => facts.routes(scope, { ...reach, passIds }))).then(step),
    facts.villages(scope, statisticsYear).then(step),
    facts.houses(scope).then(step),
    facts.relocationSites(scope).then(step),
  ]);
  const tierOf = new Map<number, WaterTier>();
  for (const source of sources) {
    const verdicts = judgeWaterSource(source, t.water, asOf);
    tierOf.set(source.id, waterSourceTier(verdicts));
    if (servingIds || scope.countyCodes.includes(source.countyCode!)) push('water_source', source.id, source, verdicts);
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
/** The same columns with their types: a judged row as `resultRows` reads it and the stage holds it. */
const RESULT_ROW = sql.raw(`rule_id text, subject_type text, subject_id text, county_code text, town_code text, village_code text,
  verdict text, tier text, measured jsonb, threshold jsonb, reason_zh text, reason_en text`);

/**
 * One batch of judged verdicts as rows (one JSON parameter: far fewer bind parameters than a multi-row
 * VALUES list); with `ids`, each row also carries the id of the stored verdict it replaces.
 */
function resultRows(judged: Judged[], ids?: number[]): SQL {
  const batch = judged.map(({ subjectType, subjectId, place, verdict: v }, i) => ({
    ...(ids ? { id: ids[i] } : {}),
    rule_id: v.ruleId, subject_type: subjectType, subject_id: subjectId, county_code: place.countyCode, town_code: place.townCode,
    village_code: place.villageCode, verdict: v.verdict, tier: v.tier ?? null, measured: v.measured ?? null, threshold: v.threshold ?? null,
    reason_zh: v.reasonZh, reason_en: v.reasonEn,
  }));
  return sql`SELECT * FROM json_to_recordset(${JSON.stringify(batch)}::json) AS x(${ids ? sql`id bigint, ` : sql``}${RESULT_ROW})`;
}

/** The stored results a run over `scope` replaces: the scope's counties, or its villages and the features it names. */
function replacedResults(profileId: number, scope: CheckScope, sourceIds?: number[], alias?: string): SQL {
  const c = (column: string) => sql.raw(alias ? `${alias}.${column}` : column);
  if (!scope.villageCodes) return sql`${c('profile_id')} = ${profileId} AND ${c('county_code')} = ANY(${pgArray(scope.countyCodes)}::text[])`;
  return sql`${c('profile_id')} = ${profileId} AND (
    (${c('subject_type')} <> 'water_source' AND ${c('village_code')} = ANY(${pgArray(scope.villageCodes)}::text[]))
    OR (${c('subject_type')} = 'water_source' AND ${c('subject_id')} = ANY(${pgArray(sourceIds ?? [])}::text[]))
    OR (${c('subject_type')} = 'road' AND ${c('subject_id')} = ANY(${pgArray(scope.roadIds ?? [])}::text[]))
    OR (${c('subject_type')} = 'relocation_site' AND ${c('subject_id')} = ANY(${pgArray(scope.siteIds ?? [])}::text[])))`;
}

type Executor = Pick<Database['db'], 'execute'>;

/** A table the judged verdicts are staged in before they are compared with the stored ones (one per run). */
const stageOf = (runId: number): SQL => sql`${sql.identifier(`judged_results_${runId}`)}`;
/** The stage: dropped when the run's transaction ends. */
async function createStage(executor: Executor, stage: SQL): Promise<void> {
  await executor.execute(sql`CREATE TEMP TABLE ${stage} (${RESULT_ROW}) ON COMMIT DROP`);
}
const stageRows = (executor: Executor, stage: SQL, judged: Judged[]) => executor.execute(sql`INSERT INTO ${stage} SELECT * FROM (${resultRows(judged)}) x`);

/** The columns a verdict is compared by: one that differs in any of them is written again. */
const COMPARED = ['county_code', 'town_code', 'village_code', 'verdict', 'tier', 'measured', 'threshold', 'reason_zh', 'reason_en'] as const;
const same = (a: string, b: string) => sql.raw(`${a}.subject_type = ${b}.subject_type AND ${a}.subject_id = ${b}.subject_id AND ${a}.rule_id = ${b}.rule_id`);

/**
 * Brings the stored verdicts a run replaces (`replaced(alias)`: the scope's, as a condition on that
 * alias) to the judged ones staged in `stage`, writing only what changed: verdicts no longer judged are
 * deleted, changed ones updated (they take the run's id and time), new ones inserted; an unchanged
 * verdict is not touched, so a re-check of data nobody changed writes nothing but its run record. For
 * whole counties (`wide`) each side is read once (hash joins): the scope's stored verdicts and the stage,
 * never one per row of the other. A few villages' verdicts are found by the indexes instead: hashing
 * would read every stored verdict of the deployment to find them.
 */
async function writeChanges(executor: Executor, runId: number, profile: StoredProfile, replaced: (alias: string) => SQL, stage: SQL, wide: boolean): Promise<void> {
  if (wide) await executor.execute(sql`SET LOCAL enable_nestloop = off`);
  await executor.execute(sql`DELETE FROM check_results r WHERE ${replaced('r')} AND NOT EXISTS (SELECT 1 FROM ${stage} n WHERE ${same('n', 'r')})`);
  const stored = sql.raw(['profile_version', ...COMPARED].map((c) => `r.${c}`).join(', '));
  const now = sql.raw(COMPARED.map((c) => `n.${c}`).join(', '));
  await executor.execute(sql`
    UPDATE check_results r SET run_id = ${runId}, profile_version = ${profile.version}, computed_at = now(),
      ${sql.raw(COMPARED.map((c) => `${c} = n.${c}`).join(', '))}
    FROM ${stage} n
    WHERE ${replaced('r')} AND ${same('r', 'n')} AND (${stored}) IS DISTINCT FROM (${profile.version}, ${now})`);
  await executor.execute(sql`
    INSERT INTO check_results (run_id, profile_id, profile_version, ${RESULT_COLUMNS})
    SELECT ${runId}, ${profile.id}, ${profile.version}, ${RESULT_COLUMNS} FROM ${stage} n
    WHERE NOT EXISTS (SELECT 1 FROM check_results r WHERE ${replaced('r')} AND ${same('r', 'n')})`);
}

/** A run's record, opened `running`; closed `done` with its count of results, or `failed`. */
type RunRecorder = Pick<Database['db'], 'insert' | 'update'>;
async function openRun(executor: RunRecorder, profile: StoredProfile, label: string, asOf: string): Promise<number> {
  const [run] = await executor.insert(checkRuns).values({ profileId: profile.id, scope: label, asOf, status: 'running' }).returning({ id: checkRuns.id });
  return run.id;
}
const closeRun = (executor: RunRecorder, runId: number, outcome: { results: number } | 'failed') => executor.update(checkRuns)
  .set(outcome === 'failed' ? { status: 'failed', finishedAt: sql`now()` } : { status: 'done', finishedAt: sql`now()`, resultCount: outcome.results })
  .where(eq(checkRuns.id, runId));

/** Subjects whose results one short transaction replaces on PGlite. */
const SUBJECTS_PER_SWITCH = 1_000;

/**
 * Replaces the scope's results under this profile with the new ones, writing only the verdicts that
 * changed. On a server, in one transaction (`writeChanges`; readers see the old results until it
 * commits). On PGlite (`writeSliceChanges`), whose transaction holds every other request, a
 * county-wide switch of 200,000 results in one transaction held the portal for seconds; there the
 * results are swapped a thousand subjects at a time, each slice in a short transaction. Each
 * subject's verdicts change at once; readers in between see some subjects already judged anew (results
 * are derived data: the run ends with exactly the new set, and a failed run is redone by the next).
 */
async function storeResults(database: Database, profile: StoredProfile, scope: CheckScope, label: string, asOf: string, judged: Judged[], sourceIds?: number[], onProgress?: ReportStep): Promise<number> {
  if (database.driver === 'pglite') return storeResultsInSteps(database, profile, scope, label, asOf, judged, sourceIds, onProgress);
  const size = INSERT_BATCH;
  const batches = Math.ceil(judged.length / size);
  return database.db.transaction(async (tx) => {
    // Results are derived data, recomputable at any time: no need to wait for the WAL flush at commit.
    await tx.execute(sql`SET LOCAL synchronous_commit = off`);
    const runId = await openRun(tx, profile, label, asOf);
    // The judged verdicts are staged, then compared with the stored ones: only what changed is written.
    const stage = stageOf(runId);
    await createStage(tx, stage);
    for (let i = 0; i < judged.length; i += size) {
      onProgress?.({ phase: 'storing', done: i / size, total: batches + 1 });
      await stageRows(tx, stage, judged.slice(i, i + size));
    }
    onProgress?.({ phase: 'storing', done: batches, total: batches + 1 });
    // The planner's row counts for the comparison's joins: only the columns they join on are sampled
    // (the reasons and measured values cost most of a whole ANALYZE, a tenth of the store's time).
    await tx.execute(sql`ANALYZE ${stage} (subject_type, subject_id, rule_id)`);
    const before = scope.villageCodes ? await placesOfVerdicts(tx, replacedResults(profile.id, scope, sourceIds, 'r')) : [];
    await writeChanges(tx, runId, profile, (alias) => replacedResults(profile.id, scope, sourceIds, alias), stage, !scope.villageCodes);
    await refreshFigures(tx, profile.id, changedPlaces(scope, before, judged));
    await closeRun(tx, runId, { results: judged.length });
    return runId;
  });
}

/**
 * The places whose figures a run's write may have changed: every place where a verdict it replaced lay
 * (`before`: a road moved to another village changes both villages' figures) or a verdict it judged lies;
 * for a run over whole counties, the counties' whole range (where their verdicts lie: a county's replaced
 * verdicts are not read again for their places, 17 ms a county) and any judged place beyond it.
 */
function changedPlaces(scope: CheckScope, before: string[], judged: Judged[]): Places {
  const places = new Set(before);
  for (const { place } of judged) places.add(place.villageCode ?? place.townCode ?? place.countyCode);
  if (scope.villageCodes) return placesAmong([...new Set([...places, ...scope.villageCodes])]);
  const elsewhere = [...places].filter((code) => !scope.countyCodes.some((county) => regionCovers(county, code)));
  const whole = placesInRegions(scope.countyCodes);
  return elsewhere.length === 0 ? whole : (place) => sql`(${whole(place)} OR ${placesAmong(elsewhere)(place)})`;
}

/** `subject_type = … AND subject_id = ANY(…)` per type: what the subject index answers directly. */
function subjectsClause(subjects: Array<[RuleSubject, string]>): SQL {
  const byType = new Map<string, string[]>();
  for (const [type, id] of subjects) {
    const ids = byType.get(type);
    if (ids) ids.push(id);
    else byType.set(type, [id]);
  }
  return sql.join([...byType].map(([type, ids]) => sql`(subject_type = ${type} AND subject_id = ANY(${pgArray(ids)}::text[]))`), sql` OR `);
}

/** A value as JSON with its objects' keys in order: jsonb gives them back in its own order, not the one they were written in. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value && typeof value === 'object') return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical((value as Record<string, unknown>)[k])}`).join(',')}}`;
  return JSON.stringify(value ?? null);
}

/** A judged verdict's stored columns, as `COMPARED` names them. */
const comparedOf = ({ place, verdict: v }: Judged): Record<(typeof COMPARED)[number], unknown> => ({
  county_code: place.countyCode, town_code: place.townCode, village_code: place.villageCode, verdict: v.verdict, tier: v.tier ?? null,
  measured: v.measured ?? null, threshold: v.threshold ?? null, reason_zh: v.reasonZh, reason_en: v.reasonEn,
});

type StoredVerdictRow = Record<(typeof COMPARED)[number], unknown> & { id: number; rule_id: string; subject_type: string; subject_id: string; profile_version: number; replaced: boolean };

/**
 * `writeChanges` for a slice of subjects on PGlite, where each compared row costs a turn of the WASM
 * engine: the slice's stored verdicts are read once and compared here, and only the differences are
 * written (by id), so an unchanged slice costs one indexed read.
 */
async function writeSliceChanges(tx: Executor, runId: number, profile: StoredProfile, replaced: SQL, subjects: SQL, judged: Judged[]): Promise<void> {
  const { rows: stored } = (await tx.execute(sql`
    SELECT id, rule_id, subject_type, subject_id, profile_version, ${sql.raw(COMPARED.join(', '))}, (${replaced}) AS replaced
    FROM check_results WHERE profile_id = ${profile.id} AND (${subjects})`)) as unknown as { rows: StoredVerdictRow[] };
  const keyOf = (type: string, id: string, rule: string) => `${type}\u0000${id}\u0000${rule}`;
  const fresh = new Map(judged.map((j) => [keyOf(j.subjectType, j.subjectId, j.verdict.ruleId), j]));
  const seen = new Set<string>();
  const gone: number[] = [];
  const changed: Array<{ id: number; judged: Judged }> = [];
  for (const row of stored) {
    const key = keyOf(row.subject_type, row.subject_id, row.rule_id);
    const now = seen.has(key) ? undefined : fresh.get(key);
    if (!now) {
      if (row.replaced || seen.has(key)) gone.push(row.id);
      continue;
    }
    seen.add(key);
    const values = comparedOf(now);
    if (row.profile_version !== profile.version || COMPARED.some((c) => canonical(row[c]) !== canonical(values[c]))) changed.push({ id: row.id, judged: now });
  }
  const added = judged.filter((j) => !seen.has(keyOf(j.subjectType, j.subjectId, j.verdict.ruleId)));
  if (gone.length) await tx.execute(sql`DELETE FROM check_results WHERE id = ANY(${pgArray(gone)}::bigint[])`);
  if (changed.length) {
    await tx.execute(sql`
      UPDATE check_results r SET run_id = ${runId}, profile_version = ${profile.version}, computed_at = now(),
        ${sql.raw(COMPARED.map((c) => `${c} = n.${c}`).join(', '))}
      FROM (${resultRows(changed.map((c) => c.judged), changed.map((c) => c.id))}) n
      WHERE r.id = n.id`);
  }
  if (added.length) {
    await tx.execute(sql`
      INSERT INTO check_results (run_id, profile_id, profile_version, ${RESULT_COLUMNS})
      SELECT ${runId}, ${profile.id}, ${profile.version}, ${RESULT_COLUMNS} FROM (${resultRows(added)}) x`);
  }
}

async function storeResultsInSteps(database: Database, profile: StoredProfile, scope: CheckScope, label: string, asOf: string, judged: Judged[], sourceIds?: number[], onProgress?: ReportStep): Promise<number> {
  const runId = await openRun(database.db, profile, label, asOf);
  try {
    // Every subject with a new result or a stored one the run replaces, and the new results of each.
    const newOf = new Map<string, Judged[]>();
    for (const j of judged) {
      const key = `${j.subjectType}\u0000${j.subjectId}`;
      const list = newOf.get(key);
      if (list) list.push(j);
      else newOf.set(key, [j]);
    }
    const stored = await database.rows<{ type: RuleSubject; id: string }>(sql`
      SELECT DISTINCT subject_type AS type, subject_id AS id FROM check_results WHERE ${replacedResults(profile.id, scope, sourceIds)}`);
    const before = scope.villageCodes ? await placesOfVerdicts(database.db, replacedResults(profile.id, scope, sourceIds, 'r')) : [];
    const keys = [...new Set([...newOf.keys(), ...stored.map((r) => `${r.type}\u0000${r.id}`)])].sort();
    const slices = Math.ceil(keys.length / SUBJECTS_PER_SWITCH);
    for (let from = 0; from < keys.length; from += SUBJECTS_PER_SWITCH) {
      onProgress?.({ phase: 'storing', done: from / SUBJECTS_PER_SWITCH, total: slices });
      await setImmediate();
      const slice = keys.slice(from, from + SUBJECTS_PER_SWITCH);
      const subjects = slice.map((k) => k.split('\u0000') as [RuleSubject, string]);
      const rows = slice.flatMap((k) => newOf.get(k) ?? []);
      await database.db.transaction((tx) => writeSliceChanges(tx, runId, profile, replacedResults(profile.id, scope, sourceIds), subjectsClause(subjects), rows));
    }
    await database.db.transaction((tx) => refreshFigures(tx, profile.id, changedPlaces(scope, before, judged)));
    await closeRun(database.db, runId, { results: judged.length });
    return runId;
  } catch (e) {
    await closeRun(database.db, runId, 'failed');
    throw e;
  }
}

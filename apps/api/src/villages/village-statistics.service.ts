import { checksAsOf, statisticsYearOf } from '@cuntu/checks';
import { STATISTICS_FIGURES, STATISTICS_FIRST_YEAR, VILLAGE_STATISTICS_SCHEMA, type Principal, type VillageStatistics, type VillageStatisticsInput } from '@cuntu/domain';
import type { Database } from '@cuntu/db';
import { ApiError, fieldRefusal, invalidFields } from '../errors';
import { activeProfile, assertCanWrite, recheck, type FeatureContext } from '../features/features.service';
import { createVillageStatisticsRepo, toStatistics } from './village-statistics.repo';

export const statisticsEtag = (s: VillageStatistics) => `"v${s.version}"`;
export const villageNotFound = (code: string) => new ApiError(404, 'village_not_found', { key: 'error.villageNotFound', params: { code } });

/** The year the checks read: the one the as-of date falls in. */
export const asOfYear = async (database: Database) => statisticsYearOf(await checksAsOf(database));

/**
 * A year a statistics row may name: from the first ledgers to the as-of year (a later year's figures
 * are no evidence for the date the checks judge). Null when it may; else the problem for the `year` field.
 */
export function yearProblem(year: number, asOf: string): { key: string; params: Record<string, string | number> } | null {
  if (!Number.isInteger(year) || year < STATISTICS_FIRST_YEAR) return { key: 'validation.yearTooEarly', params: { first: STATISTICS_FIRST_YEAR } };
  if (year > statisticsYearOf(asOf)) return { key: 'validation.yearAfterAsOf', params: { year, asOf } };
  return null;
}

/** The figures a change leaves: those given over those stored (an absent figure keeps its value). */
export const mergedFigures = (before: VillageStatistics, change: VillageStatisticsInput): VillageStatisticsInput =>
  Object.fromEntries(STATISTICS_FIGURES.map((f) => [f, change[f] === undefined ? before[f] : change[f]]));

/** The statistics of who may write them: the village records' writers (administrators). */
export const assertCanWriteStatistics = (ctx: FeatureContext): Principal => assertCanWrite(ctx, 'villages');

/**
 * Villages' figures by year (households, people, registered poor and not lifted), kept by the
 * administrators who keep the villages; a change is refused when the figures contradict each other
 * or the year lies after the as-of year, is audited, and re-judges the village when it is of that year.
 */
export const villageStatisticsService = {
  async get(ctx: FeatureContext, code: string, year: number): Promise<VillageStatistics> {
    const repo = createVillageStatisticsRepo(ctx.database.db);
    const village = await repo.village(code);
    if (!village) throw villageNotFound(code);
    return toStatistics(village, year, await repo.ofYear(code, year));
  },

  /** Every year a village has figures for, oldest first, with the as-of year the checks read. */
  async history(ctx: FeatureContext, code: string) {
    const repo = createVillageStatisticsRepo(ctx.database.db);
    const village = await repo.village(code);
    if (!village) throw villageNotFound(code);
    const years = (await repo.years(code)).map((row) => toStatistics(village, row.year, row));
    return { villageCode: code, villageName: village.name, asOf: await checksAsOf(ctx.database), years };
  },

  /** Changes one year if it is still at `expectedVersion` (0: no figures yet); null skips the check (an undo). */
  async update(ctx: FeatureContext, code: string, year: number, expectedVersion: number | null, change: VillageStatisticsInput, action: 'update' | 'revert' = 'update') {
    const user = assertCanWriteStatistics(ctx);
    const asOf = await checksAsOf(ctx.database);
    const wrongYear = yearProblem(year, asOf);
    if (wrongYear) throw fieldRefusal(422, 'invalid_year', 'year', wrongYear);
    const statistics = await ctx.database.db.transaction(async (tx) => {
      const repo = createVillageStatisticsRepo(tx);
      const village = await repo.village(code);
      if (!village) throw villageNotFound(code);
      const row = await repo.ofYear(code, year, true);
      const before = toStatistics(village, year, row);
      if (expectedVersion !== null && before.version !== expectedVersion) {
        throw new ApiError(412, 'version_conflict', { key: 'error.recordChanged', params: { version: before.version } }, { currentVersion: before.version, yourVersion: expectedVersion, current: before });
      }
      // Contradictions are judged on what would be stored: a change to one figure against the others kept.
      const figures = mergedFigures(before, change);
      const parsed = VILLAGE_STATISTICS_SCHEMA.safeParse(figures);
      if (!parsed.success) throw invalidFields(parsed.error.issues, figures);
      const after = toStatistics(village, year, await repo.write(code, year, row, figures, user.username));
      await repo.audit({ userId: user.id, username: user.username, villageCode: code, action, before, after });
      return after;
    });
    const checks = year === statisticsYearOf(asOf) ? await this.recheckVillages(ctx, [code]) : { villages: [] as string[] };
    return { statistics, checks };
  },

  /** Re-judges villages whose figures of the as-of year changed. */
  async recheckVillages(ctx: FeatureContext, codes: string[]) {
    return recheck(ctx, await activeProfile(ctx), 'villages', codes, null, null);
  },

  /** Undoes one audited change: the year's figures go back to those before it. */
  async undo(ctx: FeatureContext, code: string, before: { properties?: Partial<VillageStatistics> } | null, after: { properties?: Partial<VillageStatistics> } | null) {
    const year = before?.properties?.year ?? after?.properties?.year;
    if (typeof year !== 'number') throw new ApiError(422, 'invalid_audit_entry', 'The entry names no year');
    const figures = Object.fromEntries(STATISTICS_FIGURES.map((f) => [f, before?.properties?.[f] ?? null])) as VillageStatisticsInput;
    return this.update(ctx, code, year, null, figures, 'revert');
  },
};

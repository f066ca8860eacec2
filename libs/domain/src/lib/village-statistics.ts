import { z } from 'zod';

/**
 * A village's figures for one year, as its poverty-alleviation ledger keeps them: households and
 * people, registered poor (建档立卡) households and people, and those not yet lifted out. The village's
 * first exit rule (poverty incidence) reads the year the checks' as-of date falls in.
 */
export const STATISTICS_FIGURES = [
  'households', 'population', 'registeredPoorHouseholds', 'registeredPoorPeople', 'notLiftedHouseholds', 'notLiftedPeople',
] as const;
export type StatisticsFigure = (typeof STATISTICS_FIGURES)[number];

const figure = z.number().int().min(0).max(10_000_000).nullable().optional();

/**
 * Pairs that may not contradict each other: the first may not be more than the second. (Households
 * before people: a village has no fewer people than households.)
 */
export const STATISTICS_BOUNDS: ReadonlyArray<readonly [StatisticsFigure, StatisticsFigure]> = [
  ['registeredPoorHouseholds', 'households'],
  ['registeredPoorPeople', 'population'],
  ['notLiftedHouseholds', 'registeredPoorHouseholds'],
  ['notLiftedPeople', 'registeredPoorPeople'],
  ['households', 'population'],
  ['registeredPoorHouseholds', 'registeredPoorPeople'],
  ['notLiftedHouseholds', 'notLiftedPeople'],
];

/** The figures a write may give (all optional: an absent figure stays unknown). */
export const STATISTICS_FIGURES_SCHEMA = z.object(Object.fromEntries(STATISTICS_FIGURES.map((f) => [f, figure])) as Record<StatisticsFigure, typeof figure>).strict();

/**
 * Figures that contradict each other, each as an issue on the figure that is too large, naming the
 * other (`validation.exceedsField`): not lifted above registered poor, people below households.
 */
export const VILLAGE_STATISTICS_SCHEMA = STATISTICS_FIGURES_SCHEMA.superRefine((figures, ctx) => {
  for (const [small, large] of STATISTICS_BOUNDS) {
    const a = figures[small];
    const b = figures[large];
    if (a != null && b != null && a > b) {
      ctx.addIssue({ code: 'custom', path: [small], message: 'validation.exceedsField', params: { field: large, limit: b } });
    }
  }
});
export type VillageStatisticsInput = z.infer<typeof STATISTICS_FIGURES_SCHEMA>;

/** Poverty incidence (%): people not lifted over the population, to two decimals; null when either is unknown. */
export const incidencePct = (s: { population?: number | null; notLiftedPeople?: number | null }): number | null =>
  s.population && s.notLiftedPeople != null ? Math.round((s.notLiftedPeople / s.population) * 10_000) / 100 : null;

/** A village's figures of one year as the API returns them (version 0: no figures for the year yet). */
export const villageStatisticsSchema = STATISTICS_FIGURES_SCHEMA.required().extend({
  villageCode: z.string(),
  villageName: z.string(),
  year: z.number().int(),
  version: z.number().int(),
  incidencePct: z.number().nullable(),
}).meta({ id: 'VillageStatistics' });
export type VillageStatistics = z.infer<typeof villageStatisticsSchema>;

/** The years a statistics row may name: from the first ledgers on, and never after the checks' as-of year. */
export const STATISTICS_FIRST_YEAR = 2013;

/** Where a village's statistics are recorded in the audit log. */
export const VILLAGE_STATISTICS_RECORD = { kind: 'village_statistics' } as const;

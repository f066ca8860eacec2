import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import { auditLog, towns, villages, villageStats, type Db } from '@cuntu/db';
import { incidencePct, STATISTICS_FIGURES, VILLAGE_STATISTICS_RECORD, type StatisticsFigure, type VillageStatistics, type VillageStatisticsInput } from '@cuntu/domain';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Executor = Db | Tx;

const figureColumns = Object.fromEntries(STATISTICS_FIGURES.map((f) => [f, villageStats[f]])) as { [F in StatisticsFigure]: (typeof villageStats)[F] };
const columns = { id: villageStats.id, year: villageStats.year, version: villageStats.version, ...figureColumns };
type Row = { id: number; year: number; version: number } & Record<StatisticsFigure, number | null>;

/** A village's figures of a year as the API shows them; no row: every figure unknown, version 0. */
export function toStatistics(village: { code: string; name: string }, year: number, row: Row | undefined): VillageStatistics {
  const figures = Object.fromEntries(STATISTICS_FIGURES.map((f) => [f, row?.[f] ?? null])) as Record<StatisticsFigure, number | null>;
  return { villageCode: village.code, villageName: village.name, year, version: row?.version ?? 0, ...figures, incidencePct: incidencePct(figures) };
}

/** All SQL of village statistics: one row per village and year, written in place, and its audit entries. */
export function createVillageStatisticsRepo(db: Executor) {
  return {
    /** The village (name, town, county), or null when there is none with that code. */
    async village(code: string): Promise<{ code: string; name: string; townCode: string; countyCode: string } | null> {
      const [row] = await db.select({ code: villages.code, name: villages.name, townCode: villages.townCode, countyCode: towns.countyCode })
        .from(villages).innerJoin(towns, eq(towns.code, villages.townCode)).where(eq(villages.code, code));
      return row ?? null;
    },

    /** The row of one year; `lock` holds it for the transaction. */
    async ofYear(code: string, year: number, lock = false): Promise<Row | undefined> {
      const query = db.select(columns).from(villageStats).where(and(eq(villageStats.villageCode, code), eq(villageStats.year, year)));
      const [row] = lock ? await query.for('update') : await query;
      return row;
    },

    /** The rows of some villages in some years (a ledger's), by `code/year`. */
    async ofYears(codes: string[], years: number[]): Promise<Map<string, Row>> {
      if (codes.length === 0) return new Map();
      const found = await db.select({ ...columns, villageCode: villageStats.villageCode }).from(villageStats)
        .where(and(inArray(villageStats.villageCode, codes), inArray(villageStats.year, years)));
      return new Map(found.map(({ villageCode, ...row }) => [`${villageCode}/${row.year}`, row]));
    },

    /** Every year of a village, oldest first. */
    async years(code: string): Promise<Row[]> {
      return db.select(columns).from(villageStats).where(eq(villageStats.villageCode, code)).orderBy(asc(villageStats.year));
    },

    /**
     * The villages of a town (or a county) with their figures of `year` and, beside them, the incidence
     * rule's verdict and reason under a profile: the table a clerk fills in and checks.
     */
    async table(area: { townCode?: string; countyCode?: string }, year: number, profileId: number, rule: string) {
      const list = await db.select({
        code: villages.code, name: villages.name, townCode: villages.townCode, townName: towns.name, ...columns,
        verdict: sql<string | null>`r.verdict`, reasonZh: sql<string | null>`r.reason_zh`, reasonEn: sql<string | null>`r.reason_en`,
      })
        .from(villages).innerJoin(towns, eq(towns.code, villages.townCode))
        .leftJoin(villageStats, and(eq(villageStats.villageCode, villages.code), eq(villageStats.year, year)))
        .leftJoin(sql`check_results r`, sql`r.profile_id = ${profileId} AND r.subject_type = 'village' AND r.subject_id = ${villages.code} AND r.rule_id = ${rule}`)
        .where(and(area.townCode ? eq(villages.townCode, area.townCode) : undefined, area.countyCode ? eq(towns.countyCode, area.countyCode) : undefined))
        .orderBy(asc(villages.code));
      return list.map(({ code, name, townCode, townName, verdict, reasonZh, reasonEn, ...row }) => ({
        ...toStatistics({ code, name }, year, row.id === null ? undefined : (row as Row)), townCode, townName,
        incidence: verdict ? { verdict, reasonZh, reasonEn } : null,
      }));
    },

    /**
     * Poverty incidence of a county or town by year: the villages with figures, and the people not lifted
     * over the population of those that give both (a village missing either is counted as without figures).
     */
    async trend(area: { townCode?: string; countyCode?: string }) {
      const list = await db.select({
        year: villageStats.year,
        villages: sql<number>`count(*)::int`,
        withFigures: sql<number>`count(*) FILTER (WHERE ${villageStats.population} > 0 AND ${villageStats.notLiftedPeople} IS NOT NULL)::int`,
        population: sql<number>`coalesce(sum(${villageStats.population}) FILTER (WHERE ${villageStats.notLiftedPeople} IS NOT NULL), 0)::int`,
        notLiftedPeople: sql<number>`coalesce(sum(${villageStats.notLiftedPeople}) FILTER (WHERE ${villageStats.population} > 0), 0)::int`,
      })
        .from(villageStats).innerJoin(villages, eq(villages.code, villageStats.villageCode)).innerJoin(towns, eq(towns.code, villages.townCode))
        .where(and(area.townCode ? eq(villages.townCode, area.townCode) : undefined, area.countyCode ? eq(towns.countyCode, area.countyCode) : undefined))
        .groupBy(villageStats.year).orderBy(asc(villageStats.year));
      return list.map((y) => ({ ...y, incidencePct: y.withFigures ? incidencePct(y) : null }));
    },

    /** Writes the figures given into the year's row, or starts it. */
    async write(code: string, year: number, existing: Row | undefined, figures: VillageStatisticsInput, username: string): Promise<Row> {
      const [row] = existing
        ? await db.update(villageStats).set({ ...figures, updatedBy: username, version: sql`${villageStats.version} + 1`, updatedAt: sql`now()` })
          .where(eq(villageStats.id, existing.id)).returning(columns)
        : await db.insert(villageStats).values({ villageCode: code, year, ...figures, updatedBy: username }).returning(columns);
      return row;
    },

    async audit(entry: { userId: number; username: string; villageCode: string; action: 'update' | 'revert' | 'import'; importId?: number; before: VillageStatistics; after: VillageStatistics }) {
      const { villageCode, before, after, ...rest } = entry;
      await db.insert(auditLog).values({ ...rest, layer: VILLAGE_STATISTICS_RECORD.kind, featureId: villageCode, before: { properties: before }, after: { properties: after } });
    },
  };
}

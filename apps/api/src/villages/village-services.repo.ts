import { and, eq, sql } from 'drizzle-orm';
import { auditLog, villages, villageStats, type Db } from '@cuntu/db';
import { VILLAGE_SERVICES_RECORD, type VillageServices, type VillageServicesInput } from '@cuntu/domain';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
type Executor = Db | Tx;

const columns = {
  id: villageStats.id, villageCode: villageStats.villageCode, year: villageStats.year, version: villageStats.version,
  powerCoveragePct: villageStats.powerCoveragePct, tvCoveragePct: villageStats.tvCoveragePct,
  broadbandFibre: villageStats.broadbandFibre, broadbandMbps: villageStats.broadbandMbps,
};
type Row = { [K in keyof typeof columns]: (typeof columns)[K]['_']['data'] | null };

/** The services of a village as stored in its statistics of the as-of year. */
const toServices = (code: string, name: string, row: Row | undefined): VillageServices => ({
  villageCode: code, villageName: name, year: row?.year ?? null, version: row?.version ?? 0,
  powerCoveragePct: row?.powerCoveragePct ?? null, tvCoveragePct: row?.tvCoveragePct ?? null,
  broadbandFibre: row?.broadbandFibre ?? null, broadbandMbps: row?.broadbandMbps ?? null,
});

/** All SQL of a village's services: its statistics row of the as-of year, written in place, and the audit entry. */
export function createVillageServicesRepo(db: Executor) {
  return {
    /** The village's name, or null when there is no such village. */
    async villageName(code: string): Promise<string | null> {
      const [row] = await db.select({ name: villages.name }).from(villages).where(eq(villages.code, code));
      return row?.name ?? null;
    },

    /** The services in the statistics of `year` (the one the checks read); `lock` holds the row for the transaction. */
    async ofYear(code: string, name: string, year: number, lock = false): Promise<{ id: number | null; services: VillageServices }> {
      const query = db.select(columns).from(villageStats).where(and(eq(villageStats.villageCode, code), eq(villageStats.year, year)));
      const [row] = lock ? await query.for('update') : await query;
      return { id: row?.id ?? null, services: toServices(code, name, row) };
    },

    /** Writes into the row `id`, or starts the year's statistics when the village has none for it. */
    async write(code: string, name: string, year: number, id: number | null, values: VillageServicesInput, username: string): Promise<VillageServices> {
      const [row] = id === null
        ? await db.insert(villageStats).values({ villageCode: code, year, ...values, updatedBy: username }).returning(columns)
        : await db.update(villageStats).set({ ...values, updatedBy: username, version: sql`${villageStats.version} + 1`, updatedAt: sql`now()` }).where(eq(villageStats.id, id)).returning(columns);
      return toServices(code, name, row);
    },

    async audit(entry: { userId: number; username: string; villageCode: string; action: 'update' | 'revert'; before: VillageServices; after: VillageServices }) {
      const { villageCode, before, after, ...rest } = entry;
      await db.insert(auditLog).values({ ...rest, layer: VILLAGE_SERVICES_RECORD.kind, featureId: villageCode, before: { properties: before }, after: { properties: after } });
    },
  };
}

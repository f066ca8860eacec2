import { and, asc, desc, eq, inArray, isNull, sql } from 'drizzle-orm';
import { asGeoJson, attachments, auditLog, villageGroups, villages, towns, waterSourceGroups, waterSources, waterTests, type Db, type GeoJsonGeometry } from '@cuntu/db';
import type { AuditedState, ServedGroup, ServiceArea, WaterRecordKind, WaterTest, WaterTestInput } from '@cuntu/domain';

type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** A record's state in the audit log, shaped like a feature's so the audit screen compares it field by field. */
export type RecordState = AuditedState;
type Executor = Db | Tx;

const testColumns = {
  id: waterTests.id, sourceId: waterTests.sourceId, sampledOn: waterTests.sampledOn, meetsGb5749: waterTests.meetsGb5749,
  meetsRuralCriteria: waterTests.meetsRuralCriteria, lab: waterTests.lab, note: waterTests.note, labReportId: waterTests.labReportId,
};

/** All SQL of a water source's records: its quality tests, the groups it serves, and their audit entries. */
export function createWaterRecordsRepo(db: Executor) {
  return {
    /** The source's county, or null when there is no such source; `lock` holds the row for the transaction. */
    async sourceCounty(sourceId: number, lock = false): Promise<string | null> {
      const query = db.select({ countyCode: waterSources.countyCode }).from(waterSources).where(eq(waterSources.id, sourceId));
      const [row] = lock ? await query.for('update') : await query;
      return row?.countyCode ?? null;
    },

    tests(sourceId: number): Promise<WaterTest[]> {
      return db.select(testColumns).from(waterTests).where(eq(waterTests.sourceId, sourceId)).orderBy(desc(waterTests.sampledOn), desc(waterTests.id));
    },

    async test(sourceId: number, testId: number): Promise<WaterTest | null> {
      const [row] = await db.select(testColumns).from(waterTests).where(and(eq(waterTests.sourceId, sourceId), eq(waterTests.id, testId)));
      return row ?? null;
    },

    /** Whether `attachmentId` is a file kept (not removed) on the source: a test's lab report must be. */
    async isSourceAttachment(sourceId: number, attachmentId: number): Promise<boolean> {
      const [row] = await db.select({ id: attachments.id }).from(attachments)
        .where(and(eq(attachments.id, attachmentId), eq(attachments.layer, 'water_sources'), eq(attachments.featureId, String(sourceId)), isNull(attachments.removedAt)));
      return !!row;
    },

    async insertTest(sourceId: number, input: WaterTestInput): Promise<WaterTest> {
      const [row] = await db.insert(waterTests).values({ ...input, sourceId }).returning(testColumns);
      return row;
    },

    async deleteTest(testId: number): Promise<void> {
      await db.delete(waterTests).where(eq(waterTests.id, testId));
    },

    async servedGroups(sourceId: number): Promise<ServedGroup[]> {
      return db.select({
        code: villageGroups.code, name: villageGroups.name, villageCode: villageGroups.villageCode, villageName: villages.name, population: villageGroups.population,
      }).from(waterSourceGroups)
        .innerJoin(villageGroups, eq(villageGroups.code, waterSourceGroups.groupCode))
        .innerJoin(villages, eq(villages.code, villageGroups.villageCode))
        .where(eq(waterSourceGroups.sourceId, sourceId)).orderBy(asc(villageGroups.code));
    },

    /** The given group codes with the county each belongs to (codes that do not exist are missing). */
    async groupCounties(codes: string[]): Promise<Map<string, string>> {
      if (codes.length === 0) return new Map();
      const rows = await db.select({ code: villageGroups.code, countyCode: towns.countyCode }).from(villageGroups)
        .innerJoin(villages, eq(villages.code, villageGroups.villageCode))
        .innerJoin(towns, eq(towns.code, villages.townCode))
        .where(inArray(villageGroups.code, codes));
      return new Map(rows.map((r) => [r.code, r.countyCode]));
    },

    async replaceServedGroups(sourceId: number, codes: string[]): Promise<void> {
      await db.delete(waterSourceGroups).where(eq(waterSourceGroups.sourceId, sourceId));
      if (codes.length) await db.insert(waterSourceGroups).values(codes.map((groupCode) => ({ sourceId, groupCode })));
    },

    /** The villages of the given groups (the checks to re-run when a source starts or stops serving them). */
    async villagesOfGroups(codes: string[]): Promise<string[]> {
      if (codes.length === 0) return [];
      const rows = await db.selectDistinct({ code: villageGroups.villageCode }).from(villageGroups).where(inArray(villageGroups.code, codes));
      return rows.map((r) => r.code);
    },

    /** One audit entry per change, under the record's kind and the source's id; states are shaped like a feature's (`{ geometry?, properties }`). */
    async audit(entry: { userId: number; username: string; kind: WaterRecordKind; sourceId: number; action: 'create' | 'update' | 'delete' | 'revert'; before: RecordState | null; after: RecordState | null }): Promise<void> {
      const { kind, sourceId, ...rest } = entry;
      await db.insert(auditLog).values({ ...rest, layer: kind, featureId: String(sourceId) });
    },

    /** The source's service area as GeoJSON (a MultiPolygon), or null. */
    async serviceArea(sourceId: number): Promise<ServiceArea | null> {
      const [row] = await db.select({ area: asGeoJson(waterSources.serviceArea) }).from(waterSources).where(eq(waterSources.id, sourceId));
      return (row?.area as ServiceArea | null) ?? null;
    },

    async setServiceArea(sourceId: number, geometry: GeoJsonGeometry | null): Promise<void> {
      await db.update(waterSources)
        .set({ serviceArea: geometry ? sql`ST_Multi(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326))` : null })
        .where(eq(waterSources.id, sourceId));
    },
  };
}

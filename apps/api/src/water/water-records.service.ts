import { sql } from 'drizzle-orm';
import { SERVED_GROUPS_SCHEMA, WATER_TEST_SCHEMA, type ServedGroup, type ServiceArea, type WaterRecordKind, type WaterTest } from '@cuntu/domain';
import type { GeoJsonGeometry } from '@cuntu/db';
import { ApiError, fieldRefusal, invalidFields } from '../errors';
import { recordEtag } from '../record-etag';
import { validateGeometry } from '../features/geometry-validation';
import { activeProfile, affected, assertCanWrite, recheck, type FeatureContext } from '../features/features.service';
import { createWaterRecordsRepo } from './water-records.repo';

/** The ETag of the set of groups a source serves (its sorted codes), for optimistic locking of the assignment. */
export const servedGroupsEtag = (codes: string[]) => recordEtag('g', [...codes].sort().join(','));
/** The ETag of a source's service area as stored. */
export const serviceAreaEtag = (area: ServiceArea | null) => recordEtag('a', JSON.stringify(area));
/** Service areas larger than this are refused as a mistake (a county is a few thousand km²). */
const MAX_SERVICE_AREA_KM2 = 2_000;

const notFound = (sourceId: number) => new ApiError(404, 'feature_not_found', `没有编号为 ${sourceId} 的水源 / No water source ${sourceId}`);


/** Re-judges what a change of a source's records can change: the source, and the villages it serves before and after. */
async function recheckSource(ctx: FeatureContext, sourceId: number, countyCode: string, villagesBefore: string[]) {
  const profile = await activeProfile(ctx);
  const villages = [...new Set([...villagesBefore, ...(await affected(ctx, profile, 'water_sources', sourceId))])];
  return recheck(ctx, profile, 'water_sources', villages, sourceId, countyCode);
}

/**
 * A water source's records beside its attributes: quality tests (the rules read the latest one) and
 * the groups it serves. Reading needs what reading features needs; writing, a water editor. Every
 * change is audited under the record's kind and re-runs the checks it can change.
 */
export const waterRecordsService = {
  async tests(ctx: FeatureContext, sourceId: number): Promise<WaterTest[]> {
    const repo = createWaterRecordsRepo(ctx.database.db);
    if (!(await repo.sourceCounty(sourceId))) throw notFound(sourceId);
    return repo.tests(sourceId);
  },

  async addTest(ctx: FeatureContext, sourceId: number, input: unknown, action: 'create' | 'revert' = 'create') {
    const user = assertCanWrite(ctx, 'water_sources');
    const parsed = WATER_TEST_SCHEMA.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues, input);
    const { test, countyCode } = await ctx.database.db.transaction(async (tx) => {
      const repo = createWaterRecordsRepo(tx);
      const countyCode = await repo.sourceCounty(sourceId, true);
      if (!countyCode) throw notFound(sourceId);
      const { labReportId } = parsed.data;
      if (labReportId && !(await repo.isSourceAttachment(sourceId, labReportId))) {
        throw fieldRefusal(422, 'lab_report_not_of_source', 'labReportId', { key: 'error.labReportNotOfSource', params: { id: labReportId, source: sourceId } });
      }
      const test = await repo.insertTest(sourceId, parsed.data);
      await repo.audit({ userId: user.id, username: user.username, kind: 'water_tests', sourceId, action, before: null, after: { properties: test } });
      return { test, countyCode };
    });
    return { test, checks: await recheckSource(ctx, sourceId, countyCode, []) };
  },

  async deleteTest(ctx: FeatureContext, sourceId: number, testId: number, action: 'delete' | 'revert' = 'delete') {
    const user = assertCanWrite(ctx, 'water_sources');
    const countyCode = await ctx.database.db.transaction(async (tx) => {
      const repo = createWaterRecordsRepo(tx);
      const countyCode = await repo.sourceCounty(sourceId, true);
      if (!countyCode) throw notFound(sourceId);
      const test = await repo.test(sourceId, testId);
      if (!test) throw new ApiError(404, 'test_not_found', `水源 ${sourceId} 没有检测记录 ${testId} / No test ${testId} of source ${sourceId}`);
      await repo.deleteTest(testId);
      await repo.audit({ userId: user.id, username: user.username, kind: 'water_tests', sourceId, action, before: { properties: test }, after: null });
      return countyCode;
    });
    return { checks: await recheckSource(ctx, sourceId, countyCode, []) };
  },

  async servedGroups(ctx: FeatureContext, sourceId: number): Promise<{ groups: ServedGroup[]; etag: string }> {
    const repo = createWaterRecordsRepo(ctx.database.db);
    if (!(await repo.sourceCounty(sourceId))) throw notFound(sourceId);
    const groups = await repo.servedGroups(sourceId);
    return { groups, etag: servedGroupsEtag(groups.map((g) => g.code)) };
  },

  /**
   * Replaces the groups a source serves. `expectedEtag` is the ETag of the set the user started from
   * (412 with the current set when someone changed it since; null skips the check, for an undo).
   */
  async setServedGroups(ctx: FeatureContext, sourceId: number, expectedEtag: string | null, input: unknown, action: 'update' | 'revert' = 'update') {
    const user = assertCanWrite(ctx, 'water_sources');
    const parsed = SERVED_GROUPS_SCHEMA.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues, input);
    const codes = [...new Set(parsed.data.groupCodes)].sort();
    const { countyCode, before } = await ctx.database.db.transaction(async (tx) => {
      const repo = createWaterRecordsRepo(tx);
      const countyCode = await repo.sourceCounty(sourceId, true);
      if (!countyCode) throw notFound(sourceId);
      const current = (await repo.servedGroups(sourceId)).map((g) => g.code);
      if (expectedEtag !== null && servedGroupsEtag(current) !== expectedEtag) {
        throw new ApiError(412, 'version_conflict', '供水范围已被他人修改，请刷新后再选 / Someone changed the groups this source serves since you loaded them', { current });
      }
      const counties = await repo.groupCounties(codes);
      const problems = [
        ...codes.filter((c) => !counties.has(c)).map((c) => ({ field: 'groupCodes', problem: `没有自然村 ${c} / no group ${c}` })),
        ...codes.filter((c) => counties.has(c) && counties.get(c) !== countyCode).map((c) => ({ field: 'groupCodes', problem: `自然村 ${c} 不在水源所在县 / group ${c} is in another county` })),
      ];
      if (problems.length) throw new ApiError(422, 'invalid_properties', '所选自然村有误 / Some groups cannot be served by this source', problems);
      await repo.replaceServedGroups(sourceId, codes);
      await repo.audit({ userId: user.id, username: user.username, kind: 'water_source_groups', sourceId, action, before: { properties: { groupCodes: current } }, after: { properties: { groupCodes: codes } } });
      return { countyCode, before: current };
    });
    const repo = createWaterRecordsRepo(ctx.database.db);
    const villagesBefore = await repo.villagesOfGroups(before);
    const checks = await recheckSource(ctx, sourceId, countyCode, villagesBefore);
    return { ...(await this.servedGroups(ctx, sourceId)), checks };
  },

  async serviceArea(ctx: FeatureContext, sourceId: number): Promise<{ area: ServiceArea | null; etag: string }> {
    const repo = createWaterRecordsRepo(ctx.database.db);
    if (!(await repo.sourceCounty(sourceId))) throw notFound(sourceId);
    const area = await repo.serviceArea(sourceId);
    return { area, etag: serviceAreaEtag(area) };
  },

  /**
   * Sets (or with null, removes) the area a source serves: every group whose settlement lies in it is
   * served, beside those assigned. A Polygon or MultiPolygon, valid, near the county, of a plausible
   * size; `expectedEtag` is that of the area the user started from (null skips the check, for an undo).
   */
  async setServiceArea(ctx: FeatureContext, sourceId: number, expectedEtag: string | null, input: unknown, action: 'update' | 'revert' = 'update') {
    const user = assertCanWrite(ctx, 'water_sources');
    const geometry = (input as { geometry?: unknown } | null)?.geometry;
    if (geometry === undefined) throw new ApiError(422, 'invalid_geometry', '请提供 geometry（面或 null）/ Send { geometry: a Polygon, a MultiPolygon or null }');
    if (geometry !== null) {
      const type = (geometry as { type?: unknown }).type === 'MultiPolygon' ? 'MultiPolygon' : 'Polygon';
      await validateGeometry(ctx.database, geometry, type, ctx.settings.countyToleranceKm);
      const [{ km2 }] = await ctx.database.rows<{ km2: number }>(sql`SELECT ST_Area(ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(geometry)}), 4326)::geography) / 1e6 AS km2`);
      if (km2 > MAX_SERVICE_AREA_KM2) throw new ApiError(422, 'area_too_large', `供水范围 ${Math.round(km2)} 平方公里，超过 ${MAX_SERVICE_AREA_KM2} 平方公里，请检查 / The area is ${Math.round(km2)} km², over ${MAX_SERVICE_AREA_KM2} km²`, [{ field: 'geometry', problem: 'too large' }]);
    }
    const profile = await activeProfile(ctx);
    const villagesBefore = await affected(ctx, profile, 'water_sources', sourceId);
    const { countyCode, area } = await ctx.database.db.transaction(async (tx) => {
      const repo = createWaterRecordsRepo(tx);
      const countyCode = await repo.sourceCounty(sourceId, true);
      if (!countyCode) throw notFound(sourceId);
      const current = await repo.serviceArea(sourceId);
      if (expectedEtag !== null && serviceAreaEtag(current) !== expectedEtag) {
        throw new ApiError(412, 'version_conflict', '供水范围面已被他人修改，已是最新 / Someone changed this service area since you loaded it', { current });
      }
      await repo.setServiceArea(sourceId, geometry as GeoJsonGeometry | null);
      const area = await repo.serviceArea(sourceId);
      await repo.audit({ userId: user.id, username: user.username, kind: 'water_service_area', sourceId, action, before: { geometry: current, properties: {} }, after: { geometry: area, properties: {} } });
      return { countyCode, area };
    });
    const checks = await recheckSource(ctx, sourceId, countyCode, villagesBefore);
    return { area, etag: serviceAreaEtag(area), checks };
  },

  /** Undoes one audited change of a source's records (the admin's audit screen). */
  async undo(ctx: FeatureContext, kind: WaterRecordKind, sourceId: number, before: { properties?: Record<string, unknown> } | null, after: { properties?: Record<string, unknown> } | null) {
    if (kind === 'water_source_groups') return this.setServedGroups(ctx, sourceId, null, { groupCodes: before?.properties?.groupCodes ?? [] }, 'revert');
    if (kind === 'water_service_area') return this.setServiceArea(ctx, sourceId, null, { geometry: (before as { geometry?: unknown } | null)?.geometry ?? null }, 'revert');
    if (before === null) {
      const testId = Number(after?.properties?.id);
      const exists = Number.isInteger(testId) && (await createWaterRecordsRepo(ctx.database.db).test(sourceId, testId));
      if (!exists) throw new ApiError(409, 'already_deleted', `检测记录 ${testId} 已不存在 / Test ${testId} no longer exists`);
      return this.deleteTest(ctx, sourceId, testId, 'revert');
    }
    const { sampledOn, meetsGb5749, meetsRuralCriteria, lab, note, labReportId } = before.properties ?? {};
    return this.addTest(ctx, sourceId, { sampledOn, meetsGb5749, meetsRuralCriteria, lab, note, labReportId }, 'revert');
  },
};

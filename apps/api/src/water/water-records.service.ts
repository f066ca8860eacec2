import { createHash } from 'node:crypto';
import { SERVED_GROUPS_SCHEMA, WATER_TEST_SCHEMA, type ServedGroup, type WaterRecordKind, type WaterTest } from '@cuntu/domain';
import { ApiError } from '../errors';
import { activeProfile, affected, assertCanWrite, recheck, type FeatureContext } from '../features/features.service';
import { createWaterRecordsRepo } from './water-records.repo';

/** The ETag of the set of groups a source serves (its sorted codes), for optimistic locking of the assignment. */
export const servedGroupsEtag = (codes: string[]) => `"g${createHash('sha1').update([...codes].sort().join(',')).digest('hex').slice(0, 16)}"`;

const notFound = (sourceId: number) => new ApiError(404, 'feature_not_found', `没有编号为 ${sourceId} 的水源 / No water source ${sourceId}`);

function invalid(issues: Array<{ path: PropertyKey[]; message: string }>): ApiError {
  return new ApiError(422, 'invalid_properties', '填写有误 / Some fields are invalid', issues.map((i) => ({ field: i.path.map(String).join('.'), problem: i.message })));
}

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
    if (!parsed.success) throw invalid(parsed.error.issues);
    const { test, countyCode } = await ctx.database.db.transaction(async (tx) => {
      const repo = createWaterRecordsRepo(tx);
      const countyCode = await repo.sourceCounty(sourceId, true);
      if (!countyCode) throw notFound(sourceId);
      const test = await repo.insertTest(sourceId, parsed.data);
      await repo.audit({ userId: user.id, username: user.username, kind: 'water_tests', sourceId, action, before: null, after: test });
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
      await repo.audit({ userId: user.id, username: user.username, kind: 'water_tests', sourceId, action, before: test, after: null });
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
    if (!parsed.success) throw invalid(parsed.error.issues);
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
      await repo.audit({ userId: user.id, username: user.username, kind: 'water_source_groups', sourceId, action, before: { groupCodes: current }, after: { groupCodes: codes } });
      return { countyCode, before: current };
    });
    const repo = createWaterRecordsRepo(ctx.database.db);
    const villagesBefore = await repo.villagesOfGroups(before);
    const checks = await recheckSource(ctx, sourceId, countyCode, villagesBefore);
    return { ...(await this.servedGroups(ctx, sourceId)), checks };
  },

  /** Undoes one audited change of a source's records (the admin's audit screen). */
  async undo(ctx: FeatureContext, kind: WaterRecordKind, sourceId: number, before: { properties?: Record<string, unknown> } | null, after: { properties?: Record<string, unknown> } | null) {
    if (kind === 'water_source_groups') return this.setServedGroups(ctx, sourceId, null, { groupCodes: before?.properties?.groupCodes ?? [] }, 'revert');
    if (before === null) {
      const testId = Number(after?.properties?.id);
      const exists = Number.isInteger(testId) && (await createWaterRecordsRepo(ctx.database.db).test(sourceId, testId));
      if (!exists) throw new ApiError(409, 'already_deleted', `检测记录 ${testId} 已不存在 / Test ${testId} no longer exists`);
      return this.deleteTest(ctx, sourceId, testId, 'revert');
    }
    const { sampledOn, meetsGb5749, meetsRuralCriteria, lab, note } = before.properties ?? {};
    return this.addTest(ctx, sourceId, { sampledOn, meetsGb5749, meetsRuralCriteria, lab, note }, 'revert');
  },
};

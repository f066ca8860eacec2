import { VILLAGE_SERVICES_SCHEMA, type VillageServices } from '@cuntu/domain';
import { ApiError, invalidFields } from '../errors';
import { activeProfile, assertCanWrite, recheck, type FeatureContext } from '../features/features.service';
import { createVillageServicesRepo } from './village-services.repo';
import { asOfYear, villageNotFound } from './village-statistics.service';

export const servicesEtag = (s: VillageServices) => `"v${s.version}"`;

/**
 * A village's power, radio / TV and broadband, kept by the infrastructure team (who edit village
 * facilities) in the village's statistics of the as-of year (the ones the checks read); every change is audited and re-judges the village.
 */
export const villageServicesService = {
  async get(ctx: FeatureContext, code: string): Promise<VillageServices> {
    const repo = createVillageServicesRepo(ctx.database.db);
    const name = await repo.villageName(code);
    if (name === null) throw villageNotFound(code);
    return (await repo.ofYear(code, name, await asOfYear(ctx.database))).services;
  },

  /** Changes the services if they are still at `expectedVersion` (0: the village has no statistics yet); null skips the check (an undo). */
  async update(ctx: FeatureContext, code: string, expectedVersion: number | null, input: unknown, action: 'update' | 'revert' = 'update') {
    const user = assertCanWrite(ctx, 'facilities');
    const parsed = VILLAGE_SERVICES_SCHEMA.safeParse(input ?? {});
    if (!parsed.success) {
      throw invalidFields(parsed.error.issues, input);
    }
    const year = await asOfYear(ctx.database);
    const services = await ctx.database.db.transaction(async (tx) => {
      const repo = createVillageServicesRepo(tx);
      const name = await repo.villageName(code);
      if (name === null) throw villageNotFound(code);
      const { id, services: before } = await repo.ofYear(code, name, year, true);
      if (expectedVersion !== null && before.version !== expectedVersion) {
        throw new ApiError(412, 'version_conflict', { key: 'error.recordChanged', params: { version: before.version } }, { currentVersion: before.version, yourVersion: expectedVersion, current: before });
      }
      const after = await repo.write(code, name, year, id, parsed.data, user.username);
      await repo.audit({ userId: user.id, username: user.username, villageCode: code, action, before, after });
      return after;
    });
    const profile = await activeProfile(ctx);
    const checks = await recheck(ctx, profile, 'villages', [code], null, null);
    return { services, checks };
  },

  /** Undoes one audited change (the admin's audit screen): the services go back to the values before it. */
  async undo(ctx: FeatureContext, code: string, before: { properties?: Partial<VillageServices> } | null) {
    const { powerCoveragePct, tvCoveragePct, broadbandFibre, broadbandMbps } = before?.properties ?? {};
    return this.update(ctx, code, null, { powerCoveragePct, tvCoveragePct, broadbandFibre, broadbandMbps }, 'revert');
  },
};

import { standardsApi } from '@cuntu/api-contract';
import { diffThresholds, RULES, thresholdFields } from '@cuntu/standards';
import { createProfilesRepo, type ProfilesRepo, type StoredProfile } from '@cuntu/checks';
import { ApiError } from '../errors';
import { contractRouter } from './contract-routes';
import { requireDeploymentAdmin } from '../auth/roles';
import { startActivation, thresholdErrors } from '../profiles/profile-actions';
import { auditAdministration, profileState } from '../audit/admin-audit';

async function profileOr404(repo: ProfilesRepo, id: string): Promise<StoredProfile> {
  const profile = /^\d+$/.test(id) ? await repo.get(Number(id)) : null;
  if (!profile) throw new ApiError(404, 'profile_not_found', `没有标准方案 ${id} / No standards profile ${id}`);
  return profile;
}

/** The rule catalogue and the standards profiles (creating and activating them is an admin's job). */
const { routes } = standardsApi;

export const standardsRoutes = contractRouter()
  .openapi(routes.rules, (c) => c.json({ rules: RULES.map((r) => ({ ...r, documents: [...r.documents] })) }, 200))
  /** Every threshold with its label, type and allowed range: what a profile form shows. */
  .openapi(routes.thresholdFields, (c) => c.json({ fields: thresholdFields() }, 200))
  .openapi(routes.profiles, async (c) => {
    const repo = createProfilesRepo(c.get('database'));
    const [profiles, used] = await Promise.all([repo.list(), repo.inUseIds()]);
    return c.json({ profiles: profiles.map((p) => ({ ...p, inUse: used.has(p.id) })) }, 200);
  })
  .openapi(routes.profile, async (c) => {
    const repo = createProfilesRepo(c.get('database'));
    const profile = await profileOr404(repo, c.req.param('id'));
    return c.json({ ...profile, inUse: await repo.inUse(profile.id) }, 200);
  })
  /** What a profile changes against another (default: the profile it was copied from). */
  .openapi(routes.diff, async (c) => {
    const repo = createProfilesRepo(c.get('database'));
    const profile = await profileOr404(repo, c.req.param('id'));
    const againstId = c.req.query('against') ?? (profile.basedOnId == null ? null : String(profile.basedOnId));
    if (againstId == null) throw new ApiError(400, 'no_base_profile', '该方案不是复制而来，请指定对比方案 / This profile is no copy: name one to compare with (?against=)');
    const against = await profileOr404(repo, againstId);
    return c.json({
      profile: { id: profile.id, key: profile.key, version: profile.version },
      against: { id: against.id, key: against.key, version: against.version },
      changes: diffThresholds(against.thresholds, profile.thresholds),
    }, 200);
  })
  .openapi(routes.copy, async (c) => {
    const admin = requireDeploymentAdmin(c);
    const body = c.req.valid('json');
    const copy = await thresholdErrors(() => createProfilesRepo(c.get('database')).createCopy(body));
    await auditAdministration(c.get('database'), admin, 'profiles', copy.id, 'create', null, profileState(copy));
    // A new copy: nothing was judged by it yet.
    return c.json({ ...copy, inUse: false }, 201);
  })
  /** Edits a profile nothing was judged by yet; one in use is copied instead (its verdicts must stay explainable). */
  .openapi(routes.update, async (c) => {
    const admin = requireDeploymentAdmin(c);
    const repo = createProfilesRepo(c.get('database'));
    const profile = await profileOr404(repo, c.req.param('id'));
    if (await repo.inUse(profile.id)) {
      throw new ApiError(409, 'profile_in_use', '该方案已用于核查，不能修改，请复制后修改 / Verdicts were judged by this profile: copy it to make changes');
    }
    const body = c.req.valid('json');
    const updated = await thresholdErrors(() => repo.update(profile.id, body));
    if (!updated) throw new ApiError(404, 'profile_not_found', { key: 'error.profileNotFound', params: { id: profile.id } });
    await auditAdministration(c.get('database'), admin, 'profiles', profile.id, 'update', profileState(profile), profileState(updated));
    return c.json({ ...updated, inUse: false }, 200);
  })
  /**
   * Judges every county by the profile, then makes it the active one: a job to follow at
   * `/api/admin/jobs/{id}` (202). One activation at a time.
   */
  .openapi(routes.activate, async (c) => {
    const user = requireDeploymentAdmin(c);
    const profile = await profileOr404(createProfilesRepo(c.get('database')), c.req.param('id'));
    return c.json({ job: await startActivation(c, user, profile) }, 202);
  });

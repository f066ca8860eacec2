import { Hono } from 'hono';
import { z } from 'zod';
import { diffThresholds, RULES, thresholdFields } from '@cuntu/standards';
import { createProfilesRepo, type ProfilesRepo, type StoredProfile } from '@cuntu/checks';
import { ApiError } from '../errors';
import type { AppEnv } from '../env';
import { parseJson } from '../validation';
import { requireAdmin } from '../auth/roles';
import { startActivation, thresholdErrors } from '../profiles/profile-actions';

const createProfileBody = z.object({
  basedOnId: z.number().int().positive(),
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes'),
  nameZh: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(100),
  sourceNote: z.string().max(2000).optional(),
  /** A partial thresholds object merged into the copied profile's. */
  changes: z.record(z.string(), z.unknown()).optional(),
});

const updateProfileBody = createProfileBody.pick({ nameZh: true, nameEn: true, sourceNote: true, changes: true }).partial().strict();

async function profileOr404(repo: ProfilesRepo, id: string): Promise<StoredProfile> {
  const profile = /^\d+$/.test(id) ? await repo.get(Number(id)) : null;
  if (!profile) throw new ApiError(404, 'profile_not_found', `没有标准方案 ${id} / No standards profile ${id}`);
  return profile;
}

/** The rule catalogue and the standards profiles (creating and activating them is an admin's job). */
export const standardsRoutes = new Hono<AppEnv>()
  .get('/rules', (c) => c.json({ rules: RULES }))
  /** Every threshold with its label, type and allowed range: what a profile form shows. */
  .get('/threshold-fields', (c) => c.json({ fields: thresholdFields() }))
  .get('/profiles', async (c) => {
    const repo = createProfilesRepo(c.get('database'));
    const [profiles, used] = await Promise.all([repo.list(), repo.inUseIds()]);
    return c.json({ profiles: profiles.map((p) => ({ ...p, inUse: used.has(p.id) })) });
  })
  .get('/profiles/:id', async (c) => {
    const repo = createProfilesRepo(c.get('database'));
    const profile = await profileOr404(repo, c.req.param('id'));
    return c.json({ ...profile, inUse: await repo.inUse(profile.id) });
  })
  /** What a profile changes against another (default: the profile it was copied from). */
  .get('/profiles/:id/diff', async (c) => {
    const repo = createProfilesRepo(c.get('database'));
    const profile = await profileOr404(repo, c.req.param('id'));
    const againstId = c.req.query('against') ?? (profile.basedOnId == null ? null : String(profile.basedOnId));
    if (againstId == null) throw new ApiError(400, 'no_base_profile', '该方案不是复制而来，请指定对比方案 / This profile is no copy: name one to compare with (?against=)');
    const against = await profileOr404(repo, againstId);
    return c.json({
      profile: { id: profile.id, key: profile.key, version: profile.version },
      against: { id: against.id, key: against.key, version: against.version },
      changes: diffThresholds(against.thresholds, profile.thresholds),
    });
  })
  .post('/profiles', async (c) => {
    requireAdmin(c);
    const body = await parseJson(c, createProfileBody);
    return c.json(await thresholdErrors(() => createProfilesRepo(c.get('database')).createCopy(body)), 201);
  })
  /** Edits a profile nothing was judged by yet; one in use is copied instead (its verdicts must stay explainable). */
  .patch('/profiles/:id', async (c) => {
    requireAdmin(c);
    const repo = createProfilesRepo(c.get('database'));
    const profile = await profileOr404(repo, c.req.param('id'));
    if (await repo.inUse(profile.id)) {
      throw new ApiError(409, 'profile_in_use', '该方案已用于核查，不能修改，请复制后修改 / Verdicts were judged by this profile: copy it to make changes');
    }
    const body = await parseJson(c, updateProfileBody);
    return c.json(await thresholdErrors(() => repo.update(profile.id, body)));
  })
  /**
   * Judges every county by the profile, then makes it the active one: a job to follow at
   * `/api/admin/jobs/{id}` (202). One activation at a time.
   */
  .post('/profiles/:id/activate', async (c) => {
    const user = requireAdmin(c);
    const profile = await profileOr404(createProfilesRepo(c.get('database')), c.req.param('id'));
    return c.json({ job: startActivation(c, user.username, profile) }, 202);
  });

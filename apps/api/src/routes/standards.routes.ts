import { Hono } from 'hono';
import { z } from 'zod';
import { RULES } from '@cuntu/standards';
import { createProfilesRepo, ProfileValidationError } from '@cuntu/checks';
import { ApiError } from '../errors';
import type { AppEnv } from '../env';
import { parseJson } from '../validation';
import { requireAdmin } from '../auth/roles';

const createProfileBody = z.object({
  basedOnId: z.number().int().positive(),
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{1,40}$/, 'lower-case letters, digits and dashes'),
  nameZh: z.string().min(1).max(100),
  nameEn: z.string().min(1).max(100),
  sourceNote: z.string().max(2000).optional(),
  /** A partial thresholds object merged into the copied profile's. */
  changes: z.record(z.string(), z.unknown()).optional(),
});

/** The rule catalogue and the standards profiles (creating and activating them is an admin's job). */
export const standardsRoutes = new Hono<AppEnv>()
  .get('/rules', (c) => c.json({ rules: RULES }))
  .get('/profiles', async (c) => c.json({ profiles: await createProfilesRepo(c.get('database')).list() }))
  .get('/profiles/:id', async (c) => {
    const profile = await createProfilesRepo(c.get('database')).get(Number(c.req.param('id')));
    if (!profile) throw new ApiError(404, 'profile_not_found', `No standards profile ${c.req.param('id')}`);
    return c.json(profile);
  })
  .post('/profiles', async (c) => {
    requireAdmin(c);
    const body = await parseJson(c, createProfileBody);
    try {
      return c.json(await createProfilesRepo(c.get('database')).createCopy(body), 201);
    } catch (e) {
      if (e instanceof ProfileValidationError) throw new ApiError(400, 'invalid_thresholds', 'The thresholds are out of range or inconsistent', e.issues);
      throw e;
    }
  })
  .post('/profiles/:id/activate', async (c) => {
    requireAdmin(c);
    const repo = createProfilesRepo(c.get('database'));
    const profile = await repo.get(Number(c.req.param('id')));
    if (!profile) throw new ApiError(404, 'profile_not_found', `No standards profile ${c.req.param('id')}`);
    await repo.activate(profile.id);
    return c.json({ ...profile, isActive: true });
  });

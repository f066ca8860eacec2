import type { Context } from 'hono';
import { createProfilesRepo } from '@cuntu/checks';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

/** The profile a read is about: the one asked for, or the active one. */
export async function resolveProfile(c: Context<AppEnv>, id?: number) {
  const repo = createProfilesRepo(c.get('database'));
  const profile = id ? await repo.get(id) : await repo.active();
  if (!profile) throw new ApiError(404, 'profile_not_found', `No standards profile ${id}`);
  return profile;
}

import type { Context } from 'hono';
import { isAdmin } from '@cuntu/domain';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { requireUser } from './session';

/** Admin-only operations (profiles, accounts, settings). */
export function requireAdmin(c: Context<AppEnv>) {
  const user = requireUser(c);
  if (!isAdmin(user)) throw new ApiError(403, 'forbidden', { key: 'error.adminsOnly' });
  return user;
}

/** Operations for the teams that keep the data, and admins. */
export function requireEditorOrAdmin(c: Context<AppEnv>) {
  const user = requireUser(c);
  if (!isAdmin(user) && !user.roles.includes('editor')) throw new ApiError(403, 'forbidden', { key: 'error.editorsOnly' });
  return user;
}

/** Deployment-wide administration (settings, standards profiles, check distances): administrators without a region only. */
export function requireDeploymentAdmin(c: Context<AppEnv>) {
  const user = requireAdmin(c);
  if (user.region !== null) throw new ApiError(403, 'forbidden', { key: 'error.deploymentAdminsOnly' });
  return user;
}

import { createMiddleware } from 'hono/factory';
import { getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { createAuthRepo } from '@cuntu/auth';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';

export const SESSION_COOKIE = 'cuntu_session';

/** The session token of a request: the bearer token of API clients, else the browser's cookie. */
export function sessionToken(c: Context): string | null {
  const header = c.req.header('authorization');
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim() || null;
  return getCookie(c, SESSION_COOKIE) ?? null;
}

/** Resolves who is asking, once per request. */
export const resolveUser = createMiddleware<AppEnv>(async (c, next) => {
  const token = sessionToken(c);
  c.set('user', token ? await createAuthRepo(c.get('database')).authenticate(token) : null);
  await next();
});

/** Reads need a login unless the deployment is public read-only. */
export const requireReader = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('user') && !c.get('settings').publicRead) throw new ApiError(401, 'login_required', { key: 'error.loginRequired' });
  await next();
});

/** The logged-in user, or a 401. */
export function requireUser(c: Context<AppEnv>) {
  const user = c.get('user');
  if (!user) throw new ApiError(401, 'login_required', { key: 'error.loginRequired' });
  return user;
}

/**
 * After an administrator reset a password, the user may only change it (or log out, or ask who they
 * are) until they have.
 */
export const requireCurrentPassword = createMiddleware<AppEnv>(async (c, next) => {
  if (c.get('user')?.mustChangePassword) throw new ApiError(403, 'password_change_required', { key: 'error.changePasswordFirst' });
  await next();
});

import { deleteCookie, setCookie } from 'hono/cookie';
import { authApi, meApi } from '@cuntu/api-contract';
import { createAuthRepo, passwordProblem } from '@cuntu/auth';
import { canSeePersonalData, canWriteLayer, LAYER_IDS } from '@cuntu/domain';
import { ApiError } from '../errors';
import { requireUser, SESSION_COOKIE, sessionToken } from '../auth/session';
import { contractRouter } from './contract-routes';

/** Login (cookie for the browser, bearer token for API clients), logout, and who am I. */
export const authRoutes = contractRouter()
  .openapi(authApi.routes.login, async (c) => {
    const { username, password } = c.req.valid('json');
    const ip = c.req.header('x-forwarded-for')?.split(',')[0].trim() ?? null;
    const result = await createAuthRepo(c.get('database')).login(username, password, ip);
    if (!result.ok) {
      if (result.reason === 'rate_limited') throw new ApiError(429, 'too_many_attempts', { key: 'error.tooManyAttempts' });
      throw new ApiError(401, 'invalid_credentials', { key: 'error.invalidCredentials' });
    }
    setCookie(c, SESSION_COOKIE, result.token, {
      httpOnly: true, sameSite: 'Lax', path: '/', secure: c.get('settings').secureCookies, expires: result.expiresAt,
    });
    return c.json({ token: result.token, expiresAt: result.expiresAt.toISOString(), user: result.user, mustChangePassword: result.mustChangePassword }, 200);
  })
  .openapi(authApi.routes.logout, async (c) => {
    const token = sessionToken(c);
    if (token) await createAuthRepo(c.get('database')).logout(token);
    deleteCookie(c, SESSION_COOKIE, { path: '/' });
    return c.body(null, 204);
  });

/** `GET /api/me`: the logged-in user and what they may do; `POST /api/me/password`: change one's own password. */
export const meRoutes = contractRouter().openapi(meApi.routes.changePassword, async (c) => {
  const user = requireUser(c);
  const { currentPassword, newPassword } = c.req.valid('json');
  const auth = createAuthRepo(c.get('database'));
  if (!(await auth.checkPassword(user.id, currentPassword))) throw new ApiError(403, 'wrong_password', { key: 'error.wrongPassword' });
  const weak = passwordProblem(newPassword, user.username) ?? (newPassword === currentPassword ? '新密码须与当前密码不同 / Choose a new password' : null);
  if (weak) throw new ApiError(422, 'weak_password', weak, [{ field: 'newPassword', problem: weak }]);
  await auth.setPassword(user.id, newPassword, false, sessionToken(c) ?? undefined);
  return c.body(null, 204);
}).openapi(meApi.routes.get, (c) => {
  const user = requireUser(c);
  return c.json({
    ...user,
    canWrite: LAYER_IDS.filter((layer) => canWriteLayer(user, layer)),
    canSeePersonalData: canSeePersonalData(user),
  }, 200);
});

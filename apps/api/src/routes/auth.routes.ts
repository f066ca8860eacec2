import { deleteCookie, setCookie } from 'hono/cookie';
import { authApi, meApi } from '@cuntu/api-contract';
import { createAccessTokensRepo, createAuthRepo, MAX_TOKENS_PER_USER, passwordProblem } from '@cuntu/auth';
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

/**
 * `GET /api/me`: the logged-in user and what they may do; `POST /api/me/password`: change one's own
 * password; `/api/me/tokens`: one's personal access tokens for desktop GIS clients.
 */
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
}).openapi(meApi.routes.listTokens, async (c) => {
  const user = requireUser(c);
  return c.json({ tokens: await createAccessTokensRepo(c.get('database')).list(user.id) }, 200);
}).openapi(meApi.routes.createToken, async (c) => {
  const user = requireUser(c);
  const created = await createAccessTokensRepo(c.get('database')).create(user.id, c.req.valid('json'));
  if (!created) throw new ApiError(409, 'too_many_tokens', { key: 'error.tooManyTokens', params: { max: MAX_TOKENS_PER_USER } });
  return c.json({ token: created.token, accessToken: created.view }, 201);
}).openapi(meApi.routes.revokeToken, async (c) => {
  const user = requireUser(c);
  const id = Number(c.req.valid('param').id);
  const revoked = Number.isSafeInteger(id) && id > 0 && (await createAccessTokensRepo(c.get('database')).revoke(user.id, id));
  if (!revoked) throw new ApiError(404, 'token_not_found', { key: 'error.tokenNotFound', params: { id: c.req.valid('param').id } });
  return c.body(null, 204);
});

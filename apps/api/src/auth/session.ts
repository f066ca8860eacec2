import { createHash } from 'node:crypto';
import { createMiddleware } from 'hono/factory';
import { getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { createAccessTokensRepo, createAuthRepo, isAccessToken } from '@cuntu/auth';
import type { AppEnv } from '../env';
import { answersWhileBusy } from '../admission';
import { ApiError } from '../errors';
import { knownLogins } from './known-logins';

export const SESSION_COOKIE = 'cuntu_session';

/** The query parameter that carries a personal access token for clients that cannot send a header. */
export const ACCESS_TOKEN_PARAM = 'access_token';

/** The bearer token or the browser's cookie: a session token, or (bearer only) a personal access token. */
export function sessionToken(c: Context): string | null {
  const header = c.req.header('authorization');
  if (header?.toLowerCase().startsWith('bearer ')) return header.slice(7).trim() || null;
  return getCookie(c, SESSION_COOKIE) ?? null;
}

/**
 * Where desktop GIS clients (QGIS, ArcGIS, GDAL) may log in with HTTP Basic or a token in the query:
 * OGC API Features and the vector tiles.
 */
const takesBasic = (path: string) => path === '/ogc' || path.startsWith('/ogc/') || path.startsWith('/api/tiles/');

/**
 * What a personal access token may not reach whatever its scope: the account itself (tokens, password),
 * administration and set-up. A stolen token reads or edits data; it never mints more tokens or accounts.
 */
const TOKEN_FORBIDDEN = ['/api/me/tokens', '/api/me/password', '/api/admin', '/api/setup', '/api/auth'];
export const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the per-process caches below keep a secret (credentials, a session token) under: its hash, never the secret. */
const secretKey = (secret: string) => createHash('sha256').update(secret).digest('base64url');

/**
 * Basic logins verified recently, by a hash of the credentials: a client sends them on every request,
 * and a password check (scrypt) per tile would be slow. An entry holds only while the account stays
 * enabled with the same password hash, and for five minutes at most.
 */
const BASIC_TTL_MS = 5 * 60_000;
const verifiedBasic = new Map<string, { userId: number; passwordHash: string; until: number }>();

async function basicUser(c: Context<AppEnv>, header: string) {
  const decoded = Buffer.from(header.slice(6).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  // A personal access token as the password (any user name): what QGIS's Basic authentication sends.
  if (colon >= 0 && isAccessToken(decoded.slice(colon + 1))) return tokenUser(c, decoded.slice(colon + 1));
  if (colon < 1) throw new ApiError(401, 'invalid_credentials', { key: 'error.invalidCredentials' });
  const auth = createAuthRepo(c.get('database'));
  const key = secretKey(header);
  const known = verifiedBasic.get(key);
  if (known && known.until > Date.now()) {
    // Who it is, from the process's memory of logins while no account changes (`knownLogins`).
    const user = await knownLogins(c.get('database')).user(`basic:${key}`, async () => {
      const found = await auth.activeUser(known.userId);
      if (!found || found.passwordHash !== known.passwordHash) return null;
      const { passwordHash, ...principal } = found; // eslint-disable-line @typescript-eslint/no-unused-vars
      return { ...principal, expiresAtMs: known.until };
    });
    if (user) return user;
  }
  verifiedBasic.delete(key);
  const checked = await auth.checkCredentials(decoded.slice(0, colon), decoded.slice(colon + 1), c.req.header('x-forwarded-for')?.split(',')[0].trim() ?? null);
  if (!checked.ok) {
    if (checked.reason === 'rate_limited') throw new ApiError(429, 'too_many_attempts', { key: 'error.tooManyAttempts' });
    throw new ApiError(401, 'invalid_credentials', { key: 'error.invalidCredentials' });
  }
  if (verifiedBasic.size > 1000) verifiedBasic.clear();
  verifiedBasic.set(key, { userId: checked.user.id, passwordHash: checked.user.passwordHash, until: Date.now() + BASIC_TTL_MS });
  const { id, username, displayName, roles, editorTeams, mustChangePassword } = checked.user;
  return { id, username, displayName, roles, editorTeams, mustChangePassword } as NonNullable<AppEnv['Variables']['user']>;
}

/**
 * Sessions this process verified in the last minute, by a hash of the token: while a write holds the
 * embedded database, the requests that must answer anyway (an import's progress and cancel) are told
 * who asks from here rather than after the write. Every other request asks `knownLogins`, whose
 * memory any write to an account, a session or a token empties at once.
 */
const RECENT_SESSION_MS = 60_000;
const recentSessions = new Map<string, { user: NonNullable<AppEnv['Variables']['user']>; until: number }>();

async function sessionUser(c: Context<AppEnv>, token: string) {
  const database = c.get('database');
  const key = secretKey(token);
  const recent = recentSessions.get(key);
  if (recent && recent.until > Date.now() && database.held() && answersWhileBusy(c.req.path)) return recent.user;
  const user = await knownLogins(database).user(key, () => (isAccessToken(token) ? createAccessTokensRepo(database).authenticate(token) : createAuthRepo(database).authenticate(token)));
  if (!user) recentSessions.delete(key);
  else {
    if (recentSessions.size > 1000) recentSessions.clear();
    recentSessions.set(key, { user, until: Date.now() + RECENT_SESSION_MS });
  }
  return user;
}

/**
 * A personal access token's user: a 401 when it is unknown, revoked, expired or its account disabled
 * (never read as anonymous), or not a personal access token at all (a session token does not go in a URL).
 */
async function tokenUser(c: Context<AppEnv>, token: string) {
  const user = isAccessToken(token) ? await sessionUser(c, token) : null;
  if (!user) throw new ApiError(401, 'invalid_token', { key: 'error.invalidToken' });
  return user;
}

/**
 * Resolves who is asking, once per request: a session or personal access token (bearer header or
 * cookie), or where desktop clients connect HTTP Basic (a password or a token as the password) or a
 * token in the `access_token` query parameter.
 */
export const resolveUser = createMiddleware<AppEnv>(async (c, next) => {
  const header = c.req.header('authorization');
  const queryToken = takesBasic(c.req.path) ? c.req.query(ACCESS_TOKEN_PARAM) : undefined;
  if (header?.toLowerCase().startsWith('basic ') && takesBasic(c.req.path)) {
    c.set('user', await basicUser(c, header));
  } else if (queryToken !== undefined && !header) {
    c.set('user', await tokenUser(c, queryToken));
  } else {
    const token = sessionToken(c);
    c.set('user', token === null ? null : isAccessToken(token) ? await tokenUser(c, token) : await sessionUser(c, token));
  }
  const scope = c.get('user')?.tokenScope;
  if (scope) {
    if (TOKEN_FORBIDDEN.some((path) => c.req.path === path || c.req.path.startsWith(`${path}/`))) throw new ApiError(403, 'token_not_allowed', { key: 'error.tokenNotAllowed' });
    if (scope === 'read' && !SAFE_METHODS.has(c.req.method)) throw new ApiError(403, 'token_read_only', { key: 'error.tokenReadOnly' });
  }
  await next();
});

/** Reads need a login unless the deployment is public read-only; desktop clients are told they may answer with Basic. */
export const requireReader = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('user') && !c.get('settings').publicRead) {
    if (takesBasic(c.req.path)) c.header('WWW-Authenticate', 'Basic realm="Cuntu", charset="UTF-8"');
    throw new ApiError(401, 'login_required', { key: 'error.loginRequired' });
  }
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

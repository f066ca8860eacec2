import { createHash, randomBytes } from 'node:crypto';
import { and, eq, sql } from 'drizzle-orm';
import { authFailures, sessions, users, type Database } from '@cuntu/db';
import type { EditorTeam, Principal, Role } from '@cuntu/domain';
import { hashPassword, verifyPassword } from './passwords';

export interface AuthOptions {
  /** How long a session lasts. Default: 12 hours. */
  sessionHours?: number;
  /** Failed logins allowed per username within `failureWindowMinutes` before logins are refused. Default: 5. */
  maxFailures?: number;
  failureWindowMinutes?: number;
}

export const AUTH_DEFAULTS: Required<AuthOptions> = { sessionHours: 12, maxFailures: 5, failureWindowMinutes: 15 };

export type LoginResult =
  | { ok: true; token: string; expiresAt: Date; user: Principal; mustChangePassword: boolean }
  | { ok: false; reason: 'invalid_credentials' | 'rate_limited' | 'disabled' };

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');

/** Accounts, sessions and the login rate limit, all in the database (no state in the process). */
export function createAuthRepo(database: Database, options: AuthOptions = {}) {
  const opts = { ...AUTH_DEFAULTS, ...options };
  const { db } = database;

  return {
    async createUser(input: { username: string; password: string; displayName?: string; roles: Role[]; editorTeams?: EditorTeam[]; region?: string | null }): Promise<number> {
      const [row] = await db.insert(users).values({
        username: input.username, displayName: input.displayName ?? input.username, passwordHash: await hashPassword(input.password),
        roles: input.roles, editorTeams: input.editorTeams ?? [], regionCode: input.region ?? null,
      }).returning({ id: users.id });
      return row.id;
    },

    /**
     * Checks credentials; on success opens a session and returns its token (shown once, stored hashed).
     * Every attempt first takes one of the username's allowed failures — counted and recorded in one
     * transaction holding a lock on the username, so simultaneous attempts in any process are counted
     * one after another — and gives it back only when the password is right. Unknown usernames are
     * counted and timed like known ones, so the answer does not tell whether a username exists.
     */
    async login(username: string, password: string, ip: string | null): Promise<LoginResult> {
      const checked = await this.checkCredentials(username, password, ip);
      if (!checked.ok) return checked;
      const { user } = checked;
      const token = randomBytes(32).toString('base64url');
      const expiresAt = new Date(Date.now() + opts.sessionHours * 3_600_000);
      await db.insert(sessions).values({ tokenHash: hashToken(token), userId: user.id, expiresAt });
      return { ok: true, token, expiresAt, user: toPrincipal(user), mustChangePassword: user.mustChangePassword };
    },

    /** The lockout-guarded password check behind `login`, also used for HTTP Basic by desktop GIS clients (no session opened). */
    async checkCredentials(username: string, password: string, ip: string | null): Promise<{ ok: true; user: typeof users.$inferSelect } | { ok: false; reason: 'invalid_credentials' | 'rate_limited' | 'disabled' }> {
      const attempt = await db.transaction(async (tx) => {
        await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended(${`login:${username}`}, 0))`);
        const [{ failures }] = await tx.select({ failures: sql<number>`count(*)::int` }).from(authFailures)
          .where(and(eq(authFailures.username, username), sql`${authFailures.at} > now() - make_interval(mins => ${opts.failureWindowMinutes})`));
        if (failures >= opts.maxFailures) return null;
        const [row] = await tx.insert(authFailures).values({ username, ip }).returning({ id: authFailures.id });
        return row.id;
      });
      if (attempt === null) return { ok: false, reason: 'rate_limited' };
      const [user] = await db.select().from(users).where(eq(users.username, username));
      // Hash anyway when the user is unknown, so timing does not reveal which usernames exist.
      const valid = user ? await verifyPassword(password, user.passwordHash) : (await hashPassword(password), false);
      if (!valid || !user) return { ok: false, reason: 'invalid_credentials' };
      if (user.disabled) return { ok: false, reason: 'disabled' };
      await db.delete(authFailures).where(eq(authFailures.username, username));
      return { ok: true, user };
    },

    /** An enabled account as a request's user, with the password hash it had (so a cached Basic login dies with a new password). */
    async activeUser(id: number): Promise<(Principal & { displayName: string | null; mustChangePassword: boolean; passwordHash: string }) | null> {
      const [row] = await database.rows<Principal & { displayName: string | null; mustChangePassword: boolean; passwordHash: string }>(sql`
        SELECT id, username, display_name AS "displayName", roles, editor_teams AS "editorTeams", region_code AS region, must_change_password AS "mustChangePassword", password_hash AS "passwordHash"
        FROM users WHERE id = ${id} AND NOT disabled`);
      return row ?? null;
    },

    /** Sets a password; `mustChange` makes the user change it at the next login (an admin's reset). Ends the user's other sessions. */
    async setPassword(userId: number, password: string, mustChange: boolean, keepToken?: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.update(users).set({ passwordHash: await hashPassword(password), mustChangePassword: mustChange }).where(eq(users.id, userId));
        const keep = keepToken ? hashToken(keepToken) : '';
        await tx.delete(sessions).where(and(eq(sessions.userId, userId), sql`${sessions.tokenHash} <> ${keep}`));
      });
    },

    /** Checks a user's current password (for changing it). */
    async checkPassword(userId: number, password: string): Promise<boolean> {
      const [user] = await db.select({ hash: users.passwordHash }).from(users).where(eq(users.id, userId));
      return !!user && (await verifyPassword(password, user.hash));
    },

    /**
     * The user behind a session token, or null when it is unknown, expired or the user is disabled; with
     * the session's end (`expiresAtMs`, epoch ms), past which no copy of the answer may be used.
     */
    async authenticate(token: string): Promise<(Principal & { displayName: string | null; mustChangePassword: boolean; expiresAtMs: number }) | null> {
      // Asked on every request a process does not remember the session for: one prepared statement selecting exactly the answer's fields.
      const [row] = await database.rows<Principal & { displayName: string | null; mustChangePassword: boolean; expiresAtMs: number }>(sql`
        SELECT u.id, u.username, u.display_name AS "displayName", u.roles, u.editor_teams AS "editorTeams", u.region_code AS region, u.must_change_password AS "mustChangePassword",
               (extract(epoch FROM s.expires_at) * 1000)::float8 AS "expiresAtMs"
        FROM sessions s JOIN users u ON u.id = s.user_id
        WHERE s.token_hash = ${hashToken(token)} AND s.expires_at > now() AND NOT u.disabled`, { prepare: true });
      return row ?? null;
    },

    async logout(token: string): Promise<void> {
      await db.delete(sessions).where(eq(sessions.tokenHash, hashToken(token)));
    },
  };
}

export type AuthRepo = ReturnType<typeof createAuthRepo>;

function toPrincipal(user: typeof users.$inferSelect): Principal {
  return { id: user.id, username: user.username, roles: user.roles as Role[], editorTeams: user.editorTeams as EditorTeam[], region: user.regionCode };
}

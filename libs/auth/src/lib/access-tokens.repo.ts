import { createHash, randomBytes } from 'node:crypto';
import { and, desc, eq, sql } from 'drizzle-orm';
import { accessTokens, type Database } from '@cuntu/db';
import type { Principal } from '@cuntu/domain';

/** What a token may do: read only, or read and write the layers its owner may edit. */
export type AccessTokenScope = 'read' | 'write';

/** Every personal access token starts with this, so it is told apart from a session token (and found by secret scanners). */
export const ACCESS_TOKEN_PREFIX = 'cuntu_pat_';
export const isAccessToken = (secret: string) => secret.startsWith(ACCESS_TOKEN_PREFIX);

/** A token as its owner sees it in the list: never the secret, only its first characters. */
export interface AccessTokenView {
  id: number;
  name: string;
  prefix: string;
  scope: AccessTokenScope;
  createdAt: string;
  expiresAt: string | null;
  lastUsedAt: string | null;
}

/** The user a token stands for, with what it may do. */
export type TokenUser = Principal & { displayName: string | null; mustChangePassword: boolean; tokenScope: AccessTokenScope };
/** A token's user with the token's end (epoch ms; null: it does not expire), past which no copy of the answer may be used. */
export type AuthenticatedTokenUser = TokenUser & { expiresAtMs: number | null };

const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url');
const iso = (column: unknown) => sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
/** How often a token's last use is written: a tile client sends hundreds of requests a minute. */
const LAST_USE_RESOLUTION_S = 60;
/** A user may hold this many tokens; one more is refused rather than piling up forgotten secrets. */
export const MAX_TOKENS_PER_USER = 50;

/** Personal access tokens: created, listed and revoked by their owner; checked on every request that carries one. */
export function createAccessTokensRepo(database: Database) {
  const { db } = database;
  const view = {
    id: accessTokens.id, name: accessTokens.name, prefix: accessTokens.prefix, scope: accessTokens.scope,
    createdAt: iso(accessTokens.createdAt), expiresAt: iso(accessTokens.expiresAt), lastUsedAt: iso(accessTokens.lastUsedAt),
  };

  return {
    /** A new token for the user: the secret is returned once and stored only as a hash. Null when the user holds the most allowed. */
    async create(userId: number, input: { name: string; scope: AccessTokenScope; expiresInDays: number | null }): Promise<{ token: string; view: AccessTokenView } | null> {
      const token = `${ACCESS_TOKEN_PREFIX}${randomBytes(32).toString('base64url')}`;
      return db.transaction(async (tx) => {
        await tx.execute(sql`SELECT 1 FROM users WHERE id = ${userId} FOR UPDATE`);
        const [{ held }] = await tx.select({ held: sql<number>`count(*)::int` }).from(accessTokens).where(eq(accessTokens.userId, userId));
        if (held >= MAX_TOKENS_PER_USER) return null;
        const [row] = await tx.insert(accessTokens).values({
          userId, name: input.name, scope: input.scope, tokenHash: hashToken(token), prefix: token.slice(0, ACCESS_TOKEN_PREFIX.length + 4),
          expiresAt: input.expiresInDays === null ? null : sql`now() + make_interval(days => ${input.expiresInDays})`,
        }).returning(view);
        return { token, view: row as AccessTokenView };
      });
    },

    /** The user's tokens, newest first. */
    async list(userId: number): Promise<AccessTokenView[]> {
      return (await db.select(view).from(accessTokens).where(eq(accessTokens.userId, userId)).orderBy(desc(accessTokens.id))) as AccessTokenView[];
    },

    /** Revokes one of the user's own tokens; false when they hold none by that id. */
    async revoke(userId: number, id: number): Promise<boolean> {
      const gone = await db.delete(accessTokens).where(and(eq(accessTokens.id, id), eq(accessTokens.userId, userId))).returning({ id: accessTokens.id });
      return gone.length > 0;
    },

    /** The enabled user behind a token that has not expired, or null; notes its use (once a minute at most). */
    async authenticate(token: string): Promise<AuthenticatedTokenUser | null> {
      const hash = hashToken(token);
      const [row] = await database.rows<AuthenticatedTokenUser & { stale: boolean }>(sql`
        SELECT u.id, u.username, u.display_name AS "displayName", u.roles, u.editor_teams AS "editorTeams", u.region_code AS region, u.must_change_password AS "mustChangePassword",
               t.scope AS "tokenScope", (extract(epoch FROM t.expires_at) * 1000)::float8 AS "expiresAtMs", (t.last_used_at IS NULL OR t.last_used_at < now() - make_interval(secs => ${LAST_USE_RESOLUTION_S})) AS stale
        FROM access_tokens t JOIN users u ON u.id = t.user_id
        WHERE t.token_hash = ${hash} AND (t.expires_at IS NULL OR t.expires_at > now()) AND NOT u.disabled`, { prepare: true });
      if (!row) return null;
      if (row.stale) await db.update(accessTokens).set({ lastUsedAt: sql`now()` }).where(eq(accessTokens.tokenHash, hash));
      const { stale, ...user } = row; // eslint-disable-line @typescript-eslint/no-unused-vars
      return user;
    },
  };
}

export type AccessTokensRepo = ReturnType<typeof createAccessTokensRepo>;

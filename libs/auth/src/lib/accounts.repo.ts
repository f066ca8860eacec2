import { and, asc, eq, sql } from 'drizzle-orm';
import { accessTokens, codeInRegionSql, sessions, users, type Database } from '@cuntu/db';
import { regionCovers, type EditorTeam, type Role } from '@cuntu/domain';
import { createAuthRepo } from './auth.repo';
import { passwordProblem } from './passwords';

/** An account as administrators see it (never the password hash). */
export interface Account {
  id: number;
  username: string;
  displayName: string | null;
  roles: Role[];
  editorTeams: EditorTeam[];
  /** The region the account reads and writes in, or null for the whole deployment. */
  region: string | null;
  disabled: boolean;
  mustChangePassword: boolean;
  createdAt: string;
}

/** Why an account change was refused; `field` names what to fix, `scope` the administrator's region an `outside_region` left. */
export class AccountError extends Error {
  constructor(
    readonly code: 'weak_password' | 'duplicate_username' | 'last_admin' | 'not_found' | 'invalid_roles' | 'outside_region',
    message: string,
    readonly field?: string,
    readonly scope?: string,
  ) {
    super(message);
  }
}

const COLUMNS = {
  id: users.id, username: users.username, displayName: users.displayName, roles: users.roles, editorTeams: users.editorTeams, region: users.regionCode,
  disabled: users.disabled, mustChangePassword: users.mustChangePassword, createdAt: sql<string>`to_char(${users.createdAt} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`,
};

function checkRoles(roles: Role[], editorTeams: EditorTeam[]) {
  if (roles.length === 0) throw new AccountError('invalid_roles', '至少指定一个角色 / Give the account at least one role', 'roles');
  if (editorTeams.length > 0 && !roles.includes('editor') && !roles.includes('admin')) {
    throw new AccountError('invalid_roles', '可编辑图层只对编辑角色有效 / Editable layers need the editor role', 'editorTeams');
  }
}

/**
 * Account administration: list, create, change roles, editable layers and region, disable and re-enable,
 * reset passwords (the user must change it at the next login). The last enabled administrator can be
 * neither demoted nor disabled; the check locks the administrators' rows, so two admins demoting each
 * other at once cannot both succeed.
 *
 * `scope` is the region of the administrator at work (null: the whole deployment): they see and manage
 * only the accounts inside it, and give accounts regions inside it (their own when none is named).
 */
export function createAccountsRepo(database: Database, scope: string | null = null) {
  const { db } = database;
  const inScope = scope === null ? undefined : codeInRegionSql(users.regionCode, scope);
  const get = async (id: number) => ((await db.select(COLUMNS).from(users).where(and(eq(users.id, id), inScope))) as Account[])[0] ?? null;
  const checkRegion = (region: string | null) => {
    if (!regionCovers(scope, region)) throw new AccountError('outside_region', `The region must lie within ${scope}`, 'region', scope!);
  };

  return {
    list: async () => (await db.select(COLUMNS).from(users).where(inScope).orderBy(asc(users.username))) as Account[],
    get,

    async create(input: { username: string; password: string; displayName?: string; roles: Role[]; editorTeams?: EditorTeam[]; region?: string | null; mustChangePassword?: boolean }): Promise<Account> {
      checkRoles(input.roles, input.editorTeams ?? []);
      const region = input.region === undefined ? scope : input.region;
      checkRegion(region);
      const weak = passwordProblem(input.password, input.username);
      if (weak) throw new AccountError('weak_password', weak, 'password');
      const duplicate = () => new AccountError('duplicate_username', `用户名「${input.username}」已存在 / The username is taken`, 'username');
      // The unique index decides when two administrators create the same username at once.
      const id = await createAuthRepo(database).createUser({ ...input, region }).catch((e: { code?: string; cause?: { code?: string } }) => {
        throw (e?.code ?? e?.cause?.code) === '23505' ? duplicate() : e;
      });
      if (input.mustChangePassword) await db.update(users).set({ mustChangePassword: true }).where(eq(users.id, id));
      return (await get(id))!;
    },

    async update(id: number, change: { displayName?: string; roles?: Role[]; editorTeams?: EditorTeam[]; region?: string | null; disabled?: boolean }): Promise<Account> {
      if (change.region !== undefined) checkRegion(change.region);
      const { region, ...rest } = change;
      const values = region === undefined ? rest : { ...rest, regionCode: region };
      await db.transaction(async (tx) => {
        const [current] = await tx.select().from(users).where(and(eq(users.id, id), inScope)).for('update');
        if (!current) throw new AccountError('not_found', `No account ${id}`);
        const roles = (change.roles ?? current.roles) as Role[];
        checkRoles(roles, (change.editorTeams ?? current.editorTeams) as EditorTeam[]);
        // Someone must stay able to administer the whole deployment (add counties, change the standards).
        const wasAdmin = current.roles.includes('admin') && !current.disabled && current.regionCode === null;
        const staysAdmin = roles.includes('admin') && !(change.disabled ?? current.disabled) && (region === undefined ? current.regionCode : region) === null;
        if (wasAdmin && !staysAdmin) {
          const others = await tx.select({ id: users.id }).from(users)
            .where(sql`'admin' = ANY(${users.roles}) AND NOT ${users.disabled} AND ${users.regionCode} IS NULL AND ${users.id} <> ${id}`).for('update');
          if (others.length === 0) throw new AccountError('last_admin', '不能停用或降级最后一位管理员 / The last administrator cannot be disabled or demoted', change.disabled ? 'disabled' : region !== undefined ? 'region' : 'roles');
        }
        await tx.update(users).set(values).where(eq(users.id, id));
        // A disabled account's sessions and access tokens end now (authentication refuses them anyway):
        // re-enabling it must not bring a forgotten desktop client's token back to life.
        if (change.disabled) {
          await tx.delete(sessions).where(eq(sessions.userId, id));
          await tx.delete(accessTokens).where(eq(accessTokens.userId, id));
        }
      });
      return (await get(id))!;
    },

    async resetPassword(id: number, password: string): Promise<void> {
      const account = await get(id);
      if (!account) throw new AccountError('not_found', `No account ${id}`);
      const weak = passwordProblem(password, account.username);
      if (weak) throw new AccountError('weak_password', weak, 'password');
      await createAuthRepo(database).setPassword(id, password, true);
    },
  };
}

export type AccountsRepo = ReturnType<typeof createAccountsRepo>;

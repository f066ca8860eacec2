import type { Context } from 'hono';
import { accountsApi } from '@cuntu/api-contract';
import { AccountError, createAccountsRepo } from '@cuntu/auth';
import type { Database } from '@cuntu/db';
import type { Principal } from '@cuntu/domain';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { adminRouter } from './contract-routes';
import { auditAdministration } from '../audit/admin-audit';
import { requireAdmin } from '../auth/roles';
import { assertAccountRegion, regionName } from '../auth/region';

/**
 * Turns an account rule the change broke into a 4xx naming the field; a region outside the
 * administrator's own is a 403 naming theirs (read from `database`).
 */
export async function accountErrors<T>(work: () => Promise<T>, database?: Database): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof AccountError)) throw e;
    const status = e.code === 'not_found' ? 404 : e.code === 'outside_region' ? 403 : e.code === 'duplicate_username' || e.code === 'last_admin' ? 409 : 422;
    const words = e.scope && database ? { key: 'error.regionOutsideYours', params: { region: await regionName(database, e.scope) } } : e.message;
    throw new ApiError(status, e.code, words, e.field ? [{ field: e.field, problem: e.message }] : null);
  }
}

function accountId(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isInteger(id) || id <= 0) throw new ApiError(404, 'not_found', `No account ${c.req.param('id')}`);
  return id;
}

/** The accounts an administrator manages: those in their region (every account for a whole-deployment administrator). */
const accountsOf = (c: Context<AppEnv>, admin: Principal) => createAccountsRepo(c.get('database'), admin.region);

/** A region named in a request is a town, county, prefecture or province of this deployment (the repo keeps it inside the administrator's own). */
async function checkedRegion(c: Context<AppEnv>, region: string | null | undefined): Promise<void> {
  if (region) await assertAccountRegion(c.get('database'), region);
}

/**
 * Account administration, for administrators only: list, create, roles, layers and region, disable,
 * reset password. An administrator with a region manages the accounts inside it and nothing else.
 */
export const accountsRoutes = adminRouter()
  .openapi(accountsApi.routes.list, async (c) => c.json({ users: await accountsOf(c, requireAdmin(c)).list() }, 200))
  .openapi(accountsApi.routes.create, async (c) => {
    const admin = requireAdmin(c);
    const body = c.req.valid('json');
    await checkedRegion(c, body.region);
    // A new account's first password comes from an administrator: the user sets their own at first login.
    const account = await accountErrors(() => accountsOf(c, admin).create({ ...body, mustChangePassword: true }), c.get('database'));
    await auditAdministration(c.get('database'), admin, 'accounts', account.username, 'create', null, { ...account });
    return c.json(account, 201);
  })
  /** Roles, layers, name, disabling and re-enabling: each change audited with the account before and after. */
  .openapi(accountsApi.routes.update, async (c) => {
    const admin = requireAdmin(c);
    const id = accountId(c);
    const body = c.req.valid('json');
    await checkedRegion(c, body.region);
    const repo = accountsOf(c, admin);
    const before = await repo.get(id);
    const account = await accountErrors(() => repo.update(id, body), c.get('database'));
    await auditAdministration(c.get('database'), admin, 'accounts', account.username, 'update', before && { ...before }, { ...account });
    return c.json(account, 200);
  })
  .openapi(accountsApi.routes.resetPassword, async (c) => {
    const admin = requireAdmin(c);
    const id = accountId(c);
    const { password } = c.req.valid('json');
    const repo = accountsOf(c, admin);
    await accountErrors(() => repo.resetPassword(id, password));
    const account = await repo.get(id);
    await auditAdministration(c.get('database'), admin, 'accounts', account?.username ?? id, 'reset_password', null, { mustChangePassword: true });
    return c.body(null, 204);
  });

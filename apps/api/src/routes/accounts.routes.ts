import type { Context } from 'hono';
import { accountsApi } from '@cuntu/api-contract';
import { AccountError, createAccountsRepo } from '@cuntu/auth';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { adminRouter } from './contract-routes';
import { auditAdministration } from '../audit/admin-audit';
import { requireAdmin } from '../auth/roles';

/** Turns an account rule the change broke into a 4xx naming the field. */
export async function accountErrors<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (e) {
    if (!(e instanceof AccountError)) throw e;
    const status = e.code === 'not_found' ? 404 : e.code === 'duplicate_username' || e.code === 'last_admin' ? 409 : 422;
    throw new ApiError(status, e.code, e.message, e.field ? [{ field: e.field, problem: e.message }] : null);
  }
}

function accountId(c: Context<AppEnv>): number {
  const id = Number(c.req.param('id'));
  if (!Number.isInteger(id) || id <= 0) throw new ApiError(404, 'not_found', `No account ${c.req.param('id')}`);
  return id;
}

/** Account administration, for administrators only: list, create, roles and layers, disable, reset password. */
export const accountsRoutes = adminRouter()
  .openapi(accountsApi.routes.list, async (c) => c.json({ users: await createAccountsRepo(c.get('database')).list() }, 200))
  .openapi(accountsApi.routes.create, async (c) => {
    const admin = requireAdmin(c);
    const body = c.req.valid('json');
    // A new account's first password comes from an administrator: the user sets their own at first login.
    const account = await accountErrors(() => createAccountsRepo(c.get('database')).create({ ...body, mustChangePassword: true }));
    await auditAdministration(c.get('database'), admin, 'accounts', account.username, 'create', null, { ...account });
    return c.json(account, 201);
  })
  /** Roles, layers, name, disabling and re-enabling: each change audited with the account before and after. */
  .openapi(accountsApi.routes.update, async (c) => {
    const admin = requireAdmin(c);
    const id = accountId(c);
    const body = c.req.valid('json');
    const repo = createAccountsRepo(c.get('database'));
    const before = await repo.get(id);
    const account = await accountErrors(() => repo.update(id, body));
    await auditAdministration(c.get('database'), admin, 'accounts', account.username, 'update', before && { ...before }, { ...account });
    return c.json(account, 200);
  })
  .openapi(accountsApi.routes.resetPassword, async (c) => {
    const admin = requireAdmin(c);
    const id = accountId(c);
    const { password } = c.req.valid('json');
    const repo = createAccountsRepo(c.get('database'));
    await accountErrors(() => repo.resetPassword(id, password));
    const account = await repo.get(id);
    await auditAdministration(c.get('database'), admin, 'accounts', account?.username ?? id, 'reset_password', null, { mustChangePassword: true });
    return c.body(null, 204);
  });

import type { Context } from 'hono';
import { accountsApi } from '@cuntu/api-contract';
import { AccountError, createAccountsRepo } from '@cuntu/auth';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { adminRouter } from './contract-routes';

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
    const body = c.req.valid('json');
    // A new account's first password comes from an administrator: the user sets their own at first login.
    return c.json(await accountErrors(() => createAccountsRepo(c.get('database')).create({ ...body, mustChangePassword: true })), 201);
  })
  .openapi(accountsApi.routes.update, async (c) => {
    const id = accountId(c);
    const body = c.req.valid('json');
    return c.json(await accountErrors(() => createAccountsRepo(c.get('database')).update(id, body)), 200);
  })
  .openapi(accountsApi.routes.resetPassword, async (c) => {
    const id = accountId(c);
    const { password } = c.req.valid('json');
    await accountErrors(() => createAccountsRepo(c.get('database')).resetPassword(id, password));
    return c.body(null, 204);
  });

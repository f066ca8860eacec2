import { timingSafeEqual } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { setupApi } from '@cuntu/api-contract';
import { createAccountsRepo } from '@cuntu/auth';
import { ApiError } from '../errors';
import { accountErrors } from './accounts.routes';
import { contractRouter } from './contract-routes';
import { auditAdministration } from '../audit/admin-audit';

const sameToken = (a: string, b: string) => a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Set-up from the portal's own machine: whoever can read the set-up token (the portal's data directory
 * lock, readable by its user only) may create the first administrator, once. Without a token (a portal
 * started without one) the route does not exist.
 */
export function setupRoutes(setupToken: string | undefined) {
  return contractRouter().openapi(setupApi.routes.firstAdmin, async (c) => {
    if (!setupToken) throw new ApiError(404, 'not_found', 'This portal was started without a set-up token');
    if (!sameToken(c.req.valid('header')['x-cuntu-setup-token'], setupToken)) {
      throw new ApiError(403, 'wrong_setup_token', { key: 'error.wrongSetupToken' });
    }
    const database = c.get('database');
    const [{ admins }] = await database.rows<{ admins: number }>(sql`SELECT count(*)::int AS admins FROM users WHERE 'admin' = ANY(roles) AND NOT disabled`);
    if (admins > 0) {
      throw new ApiError(409, 'admin_exists', { key: 'error.adminExists' });
    }
    const body = c.req.valid('json');
    const account = await accountErrors(() => createAccountsRepo(database).create({ ...body, roles: ['admin'] }));
    // Made from the portal's machine before anyone could log in: recorded in the new administrator's name.
    await auditAdministration(database, { id: null, username: account.username }, 'accounts', account.username, 'create', null, { ...account });
    return c.json(account, 201);
  });
}

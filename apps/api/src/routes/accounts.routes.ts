import { Hono, type Context } from 'hono';
import { z } from 'zod';
import { AccountError, createAccountsRepo } from '@cuntu/auth';
import { EDITOR_TEAMS, ROLES } from '@cuntu/domain';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { requireAdmin } from '../auth/roles';
import { parseJson } from '../validation';

const roles = z.array(z.enum(ROLES)).max(ROLES.length);
const editorTeams = z.array(z.enum(EDITOR_TEAMS)).max(EDITOR_TEAMS.length);
const createBody = z.object({
  username: z.string().regex(/^[a-z0-9][a-z0-9._-]{1,39}$/, '2–40 lower-case letters, digits, dots, dashes or underscores'),
  displayName: z.string().trim().min(1).max(60).optional(),
  password: z.string().max(200),
  roles,
  editorTeams: editorTeams.optional(),
}).strict();
const updateBody = z.object({ displayName: z.string().trim().min(1).max(60).optional(), roles: roles.optional(), editorTeams: editorTeams.optional(), disabled: z.boolean().optional() }).strict();
const passwordBody = z.object({ password: z.string().max(200) }).strict();

/** Turns an account rule the change broke into a 4xx naming the field. */
async function accountErrors<T>(work: () => Promise<T>): Promise<T> {
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
export const accountsRoutes = new Hono<AppEnv>()
  .use('*', async (c, next) => {
    requireAdmin(c);
    await next();
  })
  .get('/', async (c) => c.json({ users: await createAccountsRepo(c.get('database')).list() }))
  .post('/', async (c) => {
    const body = await parseJson(c, createBody);
    // A new account's first password comes from an administrator: the user sets their own at first login.
    return c.json(await accountErrors(() => createAccountsRepo(c.get('database')).create({ ...body, mustChangePassword: true })), 201);
  })
  .patch('/:id', async (c) => {
    const id = accountId(c);
    const body = await parseJson(c, updateBody);
    return c.json(await accountErrors(() => createAccountsRepo(c.get('database')).update(id, body)));
  })
  .post('/:id/reset-password', async (c) => {
    const id = accountId(c);
    const { password } = await parseJson(c, passwordBody);
    await accountErrors(() => createAccountsRepo(c.get('database')).resetPassword(id, password));
    return c.body(null, 204);
  });

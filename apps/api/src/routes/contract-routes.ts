import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { ContractRoute, RouteGroup } from '@cuntu/api-contract';
import type { AppEnv } from '../env';
import { ApiError, invalidFields } from '../errors';
import { requireAdmin } from '../auth/roles';

const problems = (issues: readonly z.core.$ZodIssue[]) => issues.map((i) => ({ field: i.path.join('.'), problem: i.message }));

/** What a validator hook is told: which part of the request (`json`, `form`, `query`, …) and how it failed. */
interface Validated { success: boolean; target: string; data?: unknown; error?: z.ZodError }

/** The 400 for a part of the request its schema refuses, naming each bad field (body) or parameter. */
const invalidPart = (asBody: boolean, error: z.ZodError) => asBody
  ? new ApiError(400, 'invalid_body', { key: 'error.invalidBody' }, problems(error.issues))
  : new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, problems(error.issues));

/** A request the contract refuses: 400 naming each bad parameter (query, header) or field (body). */
function refuseInvalid(result: Validated): undefined {
  if (result.success || !result.error) return;
  throw invalidPart(result.target === 'json' || result.target === 'form', result.error);
}

/**
 * For bodies that are a record's attributes (a water test, a village's services): a 422 naming each
 * field in the user's language, as the layer forms show it.
 */
export function refuseInvalidFields(result: Validated): undefined {
  if (!result.success && result.error && result.target === 'json') throw invalidFields(result.error.issues, result.data);
  return refuseInvalid(result);
}

/** For an upload whose options come in the query or as form fields: a bad one is a bad body either way. */
export function refuseInvalidUpload(result: Validated): undefined {
  if (result.success || !result.error) return;
  throw invalidPart(true, result.error);
}

/** A router for one group of the contract: its routes are registered with `.openapi(group.routes.x, handler)`. */
export const contractRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalid as Hook<any, AppEnv, string, unknown> }); // eslint-disable-line @typescript-eslint/no-explicit-any

/** A router of the contract whose every route is for administrators only (403 for anyone else). */
export function adminRouter() {
  const router = contractRouter();
  router.use('*', async (c, next) => {
    requireAdmin(c);
    await next();
  });
  return router;
}

/**
 * Declares in the document a route served by a plain handler (a binary or streamed answer: tiles,
 * exports, CSV), so the document lists every endpoint.
 */
export function declareServed(app: OpenAPIHono<AppEnv>, group: RouteGroup, ...routes: ContractRoute[]) {
  for (const r of routes) app.openAPIRegistry.registerPath({ ...r, path: `${group.base}${r.path === '/' ? '' : r.path}` } as never);
}

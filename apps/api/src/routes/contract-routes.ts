import { OpenAPIHono, type Hook } from '@hono/zod-openapi';
import type { z } from 'zod';
import type { ContractRoute, RouteGroup } from '@cuntu/api-contract';
import type { AppEnv } from '../env';
import { ApiError, invalidFields } from '../errors';

const problems = (issues: readonly z.core.$ZodIssue[]) => issues.map((i) => ({ field: i.path.join('.'), problem: i.message }));

/** A request the contract refuses: 400 naming each bad parameter (query, header) or field (body). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const refuseInvalid: Hook<any, AppEnv, string, unknown> = (result) => {
  if (result.success) return;
  if (result.target === 'json' || result.target === 'form') throw new ApiError(400, 'invalid_body', { key: 'error.invalidBody' }, problems(result.error.issues));
  throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, problems(result.error.issues));
};

/**
 * For bodies that are a record's attributes (a water test, a village's services): a 422 naming each
 * field in the user's language, as the layer forms show it.
 */
export function refuseInvalidFields(result: { success: boolean; target: string; data?: unknown; error?: z.ZodError }): undefined {
  if (result.success || !result.error) return;
  if (result.target === 'json') throw invalidFields(result.error.issues, result.data);
  throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, problems(result.error.issues));
}

/** For an upload whose options come in the query or as form fields: a bad one is a bad body either way. */
export function refuseInvalidUpload(result: { success: boolean; error?: z.ZodError }): undefined {
  if (result.success || !result.error) return;
  throw new ApiError(400, 'invalid_body', { key: 'error.invalidBody' }, problems(result.error.issues));
}

/** A router for one group of the contract: its routes are registered with `.openapi(group.routes.x, handler)`. */
export const contractRouter = () => new OpenAPIHono<AppEnv>({ defaultHook: refuseInvalid });

/**
 * Declares in the document a route served by a plain handler (a binary or streamed answer: tiles,
 * exports, CSV), so the document lists every endpoint.
 */
export function declareServed(app: OpenAPIHono<AppEnv>, group: RouteGroup, ...routes: ContractRoute[]) {
  for (const r of routes) app.openAPIRegistry.registerPath({ ...r, path: `${group.base}${r.path === '/' ? '' : r.path}` } as never);
}

import type { Context } from 'hono';
import { strictJson } from './input-guard';

/**
 * The request's JSON body, for handlers whose service validates it field by field (a layer's
 * properties, a water test); malformed JSON, bytes that are not UTF-8 or a NUL in a string is a 400.
 * Other bodies, queries and headers are checked by their route's schema in `@cuntu/api-contract`.
 */
export async function readJson(c: Context): Promise<unknown> {
  return strictJson(await c.req.arrayBuffer());
}

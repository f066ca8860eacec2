import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors';

/** Parses the query string with a zod schema; a mismatch is a 400 naming each bad parameter. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) {
    throw new ApiError(400, 'invalid_query', 'Invalid query parameters', result.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message })));
  }
  return result.data;
}

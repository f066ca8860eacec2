import type { Context } from 'hono';
import type { z } from 'zod';
import { ApiError } from './errors';
import { strictJson } from './input-guard';

/** Parses the query string with a zod schema; a mismatch is a 400 naming each bad parameter. */
export function parseQuery<S extends z.ZodType>(c: Context, schema: S): z.infer<S> {
  const result = schema.safeParse(c.req.query());
  if (!result.success) {
    throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, result.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message })));
  }
  return result.data;
}

/** The request's JSON body; malformed JSON, bytes that are not UTF-8 or a NUL in a string is a 400. */
export async function readJson(c: Context): Promise<unknown> {
  return strictJson(await c.req.arrayBuffer());
}

/** Parses a JSON body with a zod schema; malformed JSON or a mismatch is a 400 naming each bad field. */
export async function parseJson<S extends z.ZodType>(c: Context, schema: S): Promise<z.infer<S>> {
  const raw = await readJson(c);
  const result = schema.safeParse(raw);
  if (!result.success) {
    throw new ApiError(400, 'invalid_body', { key: 'error.invalidBody' }, result.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message })));
  }
  return result.data;
}

import type { Context } from 'hono';
import { ACCESS_TOKEN_PARAM } from './session';

/**
 * A link for a client that logged in with a token in the query (it cannot send a header): the same
 * token goes on every link it will follow, or the next request would be anonymous. Others' links are
 * left as they are.
 */
export function carryToken(c: Context, href: string): string {
  const token = c.req.query(ACCESS_TOKEN_PARAM);
  if (token === undefined) return href;
  const url = new URL(href);
  url.searchParams.set(ACCESS_TOKEN_PARAM, token);
  // Templates keep their braces readable: `{z}/{x}/{y}` rather than `%7Bz%7D/…`.
  return url.href.replace(/%7B/g, '{').replace(/%7D/g, '}');
}

import type { MiddlewareHandler } from 'hono';
import { message } from '@cuntu/messages';
import { ApiError, type FieldProblem } from './errors';

/**
 * Bytes no parameter may hold: a NUL (PostgreSQL text cannot store it) and anything that is not UTF-8
 * (it would be stored as replacement characters). Refused at the edge with a 400 naming the parameter,
 * before any handler or the database sees them.
 */
const NUL = '\u0000';

const refusal = (field: string, problem: 'nul' | 'utf8') =>
  new ApiError(400, 'invalid_encoding', { key: 'error.invalidEncoding', params: { field } }, [
    { field, problem: (locale) => message(locale, problem === 'nul' ? 'validation.nulByte' : 'validation.notUtf8') } satisfies FieldProblem,
  ]);

/** A percent-encoded piece of a URL, decoded; `null` when its bytes are not UTF-8. */
function decoded(piece: string): string | null {
  try {
    return decodeURIComponent(piece.replace(/\+/g, ' '));
  } catch {
    return null;
  }
}

/** Checks one decoded value, throwing the refusal that names `field`. */
function checkText(field: string, value: string | null): void {
  if (value === null) throw refusal(field, 'utf8');
  if (value.includes(NUL)) throw refusal(field, 'nul');
}

/** The path's segments, the query's names and values, and the headers: each UTF-8 without NUL. */
export const rejectMalformedInput: MiddlewareHandler = async (c, next) => {
  const url = new URL(c.req.url);
  for (const segment of url.pathname.split('/')) checkText('path', decoded(segment));
  for (const pair of url.search.slice(1).split('&').filter(Boolean)) {
    const [rawName, rawValue = ''] = pair.split(/=(.*)/s);
    const name = decoded(rawName);
    checkText(name ?? 'query', name);
    checkText(name!, decoded(rawValue));
  }
  c.req.raw.headers.forEach((value, name) => checkText(name, value));
  // A JSON body is read once here, strictly; the route's schema then checks the parsed value.
  if (/^application\/([\w.+-]*\+)?json\b/i.test(c.req.header('content-type') ?? '') && c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    await strictJson(await c.req.arrayBuffer());
  }
  await next();
};

/** The first string in a parsed JSON value (a key or a value) holding a NUL, as a dotted path; null when none. */
export function pathOfNul(value: unknown, path: string[] = []): string | null {
  if (typeof value === 'string') return value.includes(NUL) ? path.join('.') || 'body' : null;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = pathOfNul(value[i], [...path, String(i)]);
      if (found !== null) return found;
    }
    return null;
  }
  if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key.includes(NUL)) return [...path, key.replaceAll(NUL, '\\0')].join('.');
      const found = pathOfNul(item, [...path, key]);
      if (found !== null) return found;
    }
  }
  return null;
}

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** A JSON body, refused (400) when it is not UTF-8, not JSON, or holds a NUL in any string. */
export async function strictJson(body: ArrayBuffer): Promise<unknown> {
  let text: string;
  try {
    text = STRICT_UTF8.decode(body);
  } catch {
    throw refusal('body', 'utf8');
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // Where the JSON breaks, as line and column, so the sender can find it.
    const at = Number(/position (\d+)/.exec(e instanceof Error ? e.message : '')?.[1] ?? text.length);
    const before = text.slice(0, at).split('\n');
    const place = { line: before.length, column: before[before.length - 1].length + 1 };
    throw new ApiError(400, 'invalid_json', { key: 'error.invalidJson' }, [
      { field: 'body', problem: (locale) => message(locale, 'validation.jsonBreaksAt', place) } satisfies FieldProblem,
    ]);
  }
  assertNoNul(value);
  return value;
}

/** Refuses (400) a parsed value — a JSON body, a multipart form's fields — holding a NUL in any string. */
export function assertNoNul(value: unknown): void {
  const nul = pathOfNul(value);
  if (nul !== null) throw refusal(nul, 'nul');
}

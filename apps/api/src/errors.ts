import type { ErrorHandler } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { issueText } from '@cuntu/domain';
import { message, negotiateLocale, type Locale, type MessageParams } from '@cuntu/messages';

/**
 * What went wrong in words: a key of the catalogue (`error.*`) with its parameters, rendered in the
 * client's language; a parameter may itself be a key (a layer's name: `{ key: 'layer.roads' }`).
 */
export interface ErrorMessage {
  key: string;
  params?: Readonly<Record<string, MessageParams[string] | { key: string }>>;
}

/** An error message in a language, its key-valued parameters rendered in the same language. */
function renderMessage(locale: Locale, words: ErrorMessage): string {
  const params = Object.fromEntries(Object.entries(words.params ?? {}).map(([name, value]) => [name, typeof value === 'object' ? message(locale, value.key) : value]));
  return message(locale, words.key, params);
}

/** A field's problem in an error's details: its words may wait for the client's language. */
export interface FieldProblem {
  field: string;
  problem: string | ((locale: Locale) => string);
}

/** Details as sent: each field problem said in the client's language. */
const renderDetails = (details: unknown, locale: Locale): unknown =>
  Array.isArray(details)
    ? details.map((d) => (d && typeof d === 'object' && typeof (d as FieldProblem).problem === 'function' ? { ...d, problem: (d as { problem: (l: Locale) => string }).problem(locale) } : d))
    : details;

/** The one error type of the API; rendered as `{ error: { code, message, details } }`. */
export class ApiError extends Error {
  /** The catalogue message, when the error has one (prose given as a plain string is sent as it is). */
  readonly words: ErrorMessage | null;

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    words: string | ErrorMessage,
    readonly details?: unknown,
  ) {
    super(typeof words === 'string' ? words : renderMessage('zh-CN', words));
    this.words = typeof words === 'string' ? null : words;
  }
}

/** A refusal of one field: the catalogue's words as the message and as that field's problem, both in the client's language. */
export function fieldRefusal(status: ContentfulStatusCode, code: string, field: string, words: ErrorMessage): ApiError {
  return new ApiError(status, code, words, [{ field, problem: (locale) => renderMessage(locale, words) } satisfies FieldProblem]);
}

/** A 422 naming each invalid field and what is wrong with it, in the client's language. */
export function invalidFields(issues: readonly z.core.$ZodIssue[], values: unknown): ApiError {
  const given = (values ?? {}) as Record<string, unknown>;
  return new ApiError(422, 'invalid_properties', { key: 'error.invalidProperties' }, issues.map((i): FieldProblem => ({
    field: i.path.map(String).join('.'), problem: (locale) => issueText(i, given[String(i.path[0] ?? '')], locale),
  })));
}

/**
 * Turns any thrown error into the JSON error body, its message in the language the client asks for
 * (`Accept-Language`, Chinese by default) beside the stable code; unknown errors become a logged 500
 * with no internals.
 */
export const renderError: ErrorHandler = (err, c) => {
  const locale = negotiateLocale(c.req.header('accept-language'));
  if (err instanceof ApiError) {
    const text = err.words ? renderMessage(locale, err.words) : err.message;
    return c.json({ error: { code: err.code, message: text, details: renderDetails(err.details, locale) ?? null } }, err.status);
  }
  if (err instanceof HTTPException) {
    return c.json({ error: { code: 'http_error', message: err.message, details: null } }, err.status);
  }
  console.error(err);
  return c.json({ error: { code: 'internal', message: message(locale, 'error.internal'), details: null } }, 500);
};

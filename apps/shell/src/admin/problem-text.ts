import { ApiClientError } from '@cuntu/api-client';

/** An API refusal as one line a user can act on: the reason, and each field with its problem. */
export function problemText(e: unknown): string {
  if (!(e instanceof ApiClientError)) return e instanceof Error ? e.message : String(e);
  const details = Array.isArray(e.details)
    ? (e.details as Array<{ field?: string; problem?: string }>).filter((d) => d && d.field).map((d) => `${d.field}: ${d.problem}`)
    : [];
  return [e.message, ...details].join('；');
}

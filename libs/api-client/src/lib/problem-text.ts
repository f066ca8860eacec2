import { ApiClientError } from './api-client';

type Detail = { field?: string; problem?: string };

const detailsOf = (e: unknown): Detail[] =>
  e instanceof ApiClientError && Array.isArray(e.details) ? (e.details as unknown[]).filter((d): d is Detail => typeof d === 'object' && d !== null && typeof (d as Detail).problem === 'string') : [];

/** A write refused because the record changed since it was loaded (`If-Match` → 412): reload, then let the user retry. */
export const isVersionConflict = (e: unknown): e is ApiClientError => e instanceof ApiClientError && e.status === 412;

/**
 * A failure as one line a user can act on: the API's reason, then each field's problem, the field named
 * by `label` (e.g. its Chinese label); anything else thrown says its own message.
 */
export function problemText(e: unknown, label: (field: string) => string = (field) => field): string {
  if (!(e instanceof ApiClientError)) return e instanceof Error ? e.message : String(e);
  return [e.message, ...detailsOf(e).map((d) => (d.field ? `${label(d.field)}：${d.problem}` : d.problem))].join('；');
}

/** A refusal's problems by field, for showing next to each field (`_` for those of no field, or the whole reason when none has one). */
export function fieldProblems(e: unknown): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const d of detailsOf(e)) byField[d.field || '_'] ??= d.problem!;
  return Object.keys(byField).length ? byField : { _: problemText(e) };
}

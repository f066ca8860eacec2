/** An API refusal (`ApiClientError`): its status, reason and details (the kit takes the client as an argument, so it knows refusals by shape). */
export interface Refusal { status: number; message: string; details: unknown }
export const isRefusal = (e: unknown): e is Refusal => typeof e === 'object' && e !== null && typeof (e as Refusal).status === 'number' && 'details' in e;

/** A refusal as one line: the API's reason, then each field's problem (anything else thrown: its message). */
export function refusalText(e: unknown): string {
  const details = isRefusal(e) && Array.isArray(e.details) ? (e.details as Array<{ problem?: unknown }>) : [];
  const problems = details.map((d) => d?.problem).filter((p): p is string => typeof p === 'string');
  return [e instanceof Error ? e.message : String(e), ...problems].join('；');
}

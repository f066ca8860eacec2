/** A JS array as a PostgreSQL array literal, which both drivers pass as one text parameter. */
export function pgArray(values: ReadonlyArray<string | number>): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

/** The rows of a raw statement run through drizzle's `execute`, whichever driver ran it (postgres.js answers an array, PGlite `{ rows }`). */
export const rowsOf = <T>(result: unknown): T[] => (Array.isArray(result) ? result : (result as { rows: T[] }).rows) as T[];

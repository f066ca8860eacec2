/** A JS array as a PostgreSQL array literal, which both drivers pass as one text parameter. */
export function pgArray(values: ReadonlyArray<string | number>): string {
  return `{${values.map((v) => `"${String(v).replace(/["\\]/g, '\\$&')}"`).join(',')}}`;
}

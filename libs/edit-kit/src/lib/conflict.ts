/** One property in a conflict: what the user started from, what is stored now, what the user wants. */
export interface ConflictField {
  name: string;
  base: unknown;
  current: unknown;
  mine: unknown;
  /** Both the other person and this user changed it (to different values). */
  overlapping: boolean;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/**
 * What happened to a feature between the version a user loaded (`base`) and the one stored now
 * (`current`), against the user's `changes`: the properties someone else changed, marking those
 * the user changed too. Geometry is one field, `geometry`.
 */
export function describeConflict(
  base: { geometry: unknown; properties: Record<string, unknown> },
  current: { geometry: unknown; properties: Record<string, unknown> },
  changes: { geometry?: unknown; properties?: Record<string, unknown> },
): ConflictField[] {
  const ignored = new Set(['version', 'updatedAt', 'updatedBy']);
  const names = new Set([...Object.keys(base.properties), ...Object.keys(current.properties)].filter((n) => !ignored.has(n)));
  const out: ConflictField[] = [];
  for (const name of names) {
    if (same(base.properties[name], current.properties[name])) continue;
    const mine = changes.properties && name in changes.properties ? changes.properties[name] : undefined;
    out.push({ name, base: base.properties[name], current: current.properties[name], mine, overlapping: mine !== undefined && !same(mine, current.properties[name]) });
  }
  if (!same(base.geometry, current.geometry)) {
    out.push({ name: 'geometry', base: base.geometry, current: current.geometry, mine: changes.geometry, overlapping: changes.geometry !== undefined && !same(changes.geometry, current.geometry) });
  }
  return out;
}

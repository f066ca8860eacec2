import { auditLog, type Database } from '@cuntu/db';
import type { AdminRecordKind, Principal } from '@cuntu/domain';

type Action = 'create' | 'update' | 'activate' | 'reset_password';
type State = Record<string, unknown> | null;

/**
 * Records an administrative change in the audit log — who, when, what, the record before and after —
 * beside the layers' changes, so administration leaves the same trace as editing. `by` is null for a
 * change made before anyone could log in (the first administrator, set up from the command line).
 */
export async function auditAdministration(database: Database, by: Principal | { id: null; username: string }, kind: AdminRecordKind, id: string | number, action: Action, before: State, after: State): Promise<void> {
  await database.db.insert(auditLog).values({
    userId: by.id || null, username: by.username, layer: kind, featureId: String(id), action,
    before: before && { properties: before }, after: after && { properties: after },
  });
}

/** A standards profile as the audit log shows it: its name and version, each threshold as `group.name`. */
export function profileState(profile: { key: string; version: number; nameZh: string; thresholds: object }): Record<string, unknown> {
  const thresholds = Object.entries(profile.thresholds as Record<string, Record<string, unknown>>)
    .flatMap(([group, values]) => Object.entries(values).map(([name, value]) => [`${group}.${name}`, value]));
  return { key: profile.key, version: profile.version, nameZh: profile.nameZh, ...Object.fromEntries(thresholds) };
}

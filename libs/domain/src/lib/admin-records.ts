/**
 * The administrative records the audit log keeps beside the layers' features: accounts, standards
 * profiles, runtime settings and counties (`record.<kind>` in the catalogue). Their changes are read in
 * the audit log; they are changed back on their own screens, not undone from it.
 */
export const ADMIN_RECORD_KINDS = ['accounts', 'profiles', 'settings', 'counties'] as const;
export type AdminRecordKind = (typeof ADMIN_RECORD_KINDS)[number];
export const isAdminRecordKind = (kind: string): kind is AdminRecordKind => (ADMIN_RECORD_KINDS as readonly string[]).includes(kind);

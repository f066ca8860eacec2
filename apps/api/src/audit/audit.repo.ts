import { and, count, desc, eq, gte, lt, sql, type SQL } from 'drizzle-orm';
import { auditLog, codeInRegionSql, type Db } from '@cuntu/db';

export interface AuditFilter {
  username?: string;
  layer?: string;
  featureId?: string;
  action?: (typeof auditLog.action.enumValues)[number];
  /** ISO instants: from (inclusive) and to (exclusive). */
  from?: string;
  to?: string;
  /** Only entries placed in this region (a division code); null or absent: all. */
  region?: string | null;
}

export type AuditEntry = typeof auditLog.$inferSelect;

function where(f: AuditFilter): SQL | undefined {
  const conditions: SQL[] = [];
  if (f.username) conditions.push(eq(auditLog.username, f.username));
  if (f.layer) conditions.push(eq(auditLog.layer, f.layer));
  if (f.featureId) conditions.push(eq(auditLog.featureId, f.featureId));
  if (f.action) conditions.push(eq(auditLog.action, f.action));
  if (f.from) conditions.push(gte(auditLog.at, new Date(f.from)));
  if (f.to) conditions.push(lt(auditLog.at, new Date(f.to)));
  if (f.region) conditions.push(codeInRegionSql(auditLog.regionCode, f.region));
  return conditions.length ? and(...conditions) : undefined;
}

/** Reading the audit log for review: newest first, filtered by who, what, which feature and when. */
export function createAuditRepo(db: Db) {
  return {
    async list(filter: AuditFilter, page: { limit: number; offset: number }): Promise<{ total: number; entries: AuditEntry[] }> {
      const [{ n }] = await db.select({ n: count() }).from(auditLog).where(where(filter));
      const entries = await db.select().from(auditLog).where(where(filter)).orderBy(desc(auditLog.id)).limit(page.limit).offset(page.offset);
      return { total: n, entries };
    },

    async get(id: number): Promise<AuditEntry | null> {
      const [row] = await db.select().from(auditLog).where(eq(auditLog.id, id));
      return row ?? null;
    },

    /** Who appears in the log, for the filter's choices. */
    async usernames(region: string | null = null): Promise<string[]> {
      const rows = await db.selectDistinct({ username: auditLog.username }).from(auditLog)
        .where(and(sql`${auditLog.username} IS NOT NULL`, region ? codeInRegionSql(auditLog.regionCode, region) : undefined)).orderBy(auditLog.username);
      return rows.map((r) => r.username!);
    },
  };
}

/** The properties whose values differ between two recorded states (geometry counted as one field). */
export function changedFields(before: unknown, after: unknown): string[] {
  const props = (s: unknown) => ((s as { properties?: Record<string, unknown> } | null)?.properties ?? {});
  const b = props(before);
  const a = props(after);
  const ignored = new Set(['version', 'updatedAt', 'updatedBy']);
  const names = [...new Set([...Object.keys(b), ...Object.keys(a)])].filter((k) => !ignored.has(k) && JSON.stringify(b[k]) !== JSON.stringify(a[k]));
  const geometry = (s: unknown) => JSON.stringify((s as { geometry?: unknown } | null)?.geometry ?? null);
  if (before && after && geometry(before) !== geometry(after)) names.push('geometry');
  return names;
}

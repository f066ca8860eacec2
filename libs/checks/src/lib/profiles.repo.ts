import { and, asc, eq, sql } from 'drizzle-orm';
import { standardsProfiles, type Database } from '@cuntu/db';
import type { StandardsProfileRecord } from '@cuntu/domain';
import { SHIPPED_PROFILES, thresholdIssues, thresholdsSchema, unknownThresholdPaths, type Thresholds } from '@cuntu/standards';

export type StoredProfile = StandardsProfileRecord<Thresholds>;

/** A profile edit that breaks a threshold's type or range; `issues` name each field and the reason. */
export class ProfileValidationError extends Error {
  constructor(readonly issues: Array<{ field: string; problem: string }>) {
    super('Invalid thresholds');
  }
}

const columns = {
  id: standardsProfiles.id, key: standardsProfiles.key, version: standardsProfiles.version, nameZh: standardsProfiles.nameZh,
  nameEn: standardsProfiles.nameEn, sourceNote: standardsProfiles.sourceNote, basedOnId: standardsProfiles.basedOnId,
  thresholds: standardsProfiles.thresholds, isActive: standardsProfiles.isActive,
};

/** Standards profiles in the database: the shipped ones, copies made by admins, and which one is active. */
export function createProfilesRepo(database: Database) {
  const { db } = database;
  const all = () => db.select(columns).from(standardsProfiles).orderBy(asc(standardsProfiles.id)) as Promise<StoredProfile[]>;

  return {
    list: all,

    async get(id: number): Promise<StoredProfile | null> {
      const [row] = (await db.select(columns).from(standardsProfiles).where(eq(standardsProfiles.id, id))) as StoredProfile[];
      return row ?? null;
    },

    /** Inserts the shipped profiles that are missing; the default becomes active when none is. */
    async ensureShipped(): Promise<void> {
      await db.transaction(async (tx) => {
        for (const p of SHIPPED_PROFILES) {
          const existing = await tx.select({ id: standardsProfiles.id }).from(standardsProfiles)
            .where(and(eq(standardsProfiles.key, p.key), eq(standardsProfiles.version, p.version)));
          if (existing.length === 0) {
            await tx.insert(standardsProfiles).values({ key: p.key, version: p.version, nameZh: p.nameZh, nameEn: p.nameEn, sourceNote: p.sourceNote, thresholds: p.thresholds });
          }
        }
        const [active] = await tx.select({ id: standardsProfiles.id }).from(standardsProfiles).where(eq(standardsProfiles.isActive, true));
        if (!active) {
          const def = SHIPPED_PROFILES.find((p) => p.isDefault)!;
          await tx.update(standardsProfiles).set({ isActive: true }).where(and(eq(standardsProfiles.key, def.key), eq(standardsProfiles.version, def.version)));
        }
      });
    },

    async active(): Promise<StoredProfile> {
      const [row] = (await db.select(columns).from(standardsProfiles).where(eq(standardsProfiles.isActive, true))) as StoredProfile[];
      if (!row) throw new Error('no active standards profile: call ensureShipped() first');
      return row;
    },

    /**
     * Creates a profile by copying `basedOnId` and applying `changes` (a partial thresholds object, merged
     * deeply). The result must pass the thresholds schema, or nothing is written.
     */
    async createCopy(input: { basedOnId: number; key: string; nameZh: string; nameEn: string; sourceNote?: string; changes?: unknown }): Promise<StoredProfile> {
      const base = await this.get(input.basedOnId);
      if (!base) throw new ProfileValidationError([{ field: 'basedOnId', problem: `no profile ${input.basedOnId}` }]);
      const thresholds = validThresholds(base.thresholds, input.changes);
      const [{ next }] = await database.rows<{ next: number }>(sql`SELECT coalesce(max(version), 0)::int + 1 AS next FROM standards_profiles WHERE key = ${input.key}`);
      const [created] = await db.insert(standardsProfiles).values({
        key: input.key, version: next, nameZh: input.nameZh, nameEn: input.nameEn, sourceNote: input.sourceNote ?? `Copy of ${base.key} v${base.version}`,
        basedOnId: base.id, thresholds,
      }).returning(columns);
      return created as StoredProfile;
    },

    /** The profiles verdicts were judged by, and the active one: these may no longer change. */
    async inUseIds(): Promise<Set<number>> {
      const rows = await database.rows<{ id: number }>(sql`
        SELECT DISTINCT profile_id AS id FROM check_runs UNION SELECT id FROM standards_profiles WHERE is_active`);
      return new Set(rows.map((r) => r.id));
    },

    async inUse(id: number): Promise<boolean> {
      return (await this.inUseIds()).has(id);
    },

    /**
     * Edits a profile nothing was judged by yet: names, source note and `changes` merged into its
     * thresholds (validated as a whole). Returns null when there is no such profile.
     */
    async update(id: number, input: { nameZh?: string; nameEn?: string; sourceNote?: string; changes?: unknown }): Promise<StoredProfile | null> {
      const current = await this.get(id);
      if (!current) return null;
      const thresholds = validThresholds(current.thresholds, input.changes);
      const [updated] = await db.update(standardsProfiles)
        .set({ nameZh: input.nameZh ?? current.nameZh, nameEn: input.nameEn ?? current.nameEn, sourceNote: input.sourceNote ?? current.sourceNote, thresholds })
        .where(eq(standardsProfiles.id, id)).returning(columns);
      return updated as StoredProfile;
    },

    /** Makes one profile the county's active standard. */
    async activate(id: number): Promise<void> {
      await db.transaction(async (tx) => {
        await tx.update(standardsProfiles).set({ isActive: false }).where(eq(standardsProfiles.isActive, true));
        await tx.update(standardsProfiles).set({ isActive: true }).where(eq(standardsProfiles.id, id));
      });
    },
  };
}

export type ProfilesRepo = ReturnType<typeof createProfilesRepo>;

/** `changes` merged into `base`, if every path names a threshold and the result is a valid profile. */
function validThresholds(base: Thresholds, changes: unknown = {}): Thresholds {
  const unknown = unknownThresholdPaths(changes);
  if (unknown.length) throw new ProfileValidationError(unknown.map((field) => ({ field, problem: 'no such threshold' })));
  const merged = deepMerge(structuredClone(base), changes);
  const parsed = thresholdsSchema.safeParse(merged);
  if (!parsed.success) throw new ProfileValidationError(thresholdIssues(merged));
  return parsed.data;
}

function deepMerge(target: unknown, patch: unknown): unknown {
  if (!isPlainObject(patch) || !isPlainObject(target)) return patch;
  const out: Record<string, unknown> = { ...target };
  for (const [k, v] of Object.entries(patch)) out[k] = k in out ? deepMerge(out[k], v) : v;
  return out;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

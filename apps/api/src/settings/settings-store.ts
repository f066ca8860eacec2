import { eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { runtimeSettingsBody } from '@cuntu/api-contract';
import { appMeta, onChange, type Database } from '@cuntu/db';
import type { AppSettings } from '../env';

/** The settings an administrator may change at runtime; stored in `app_meta` under `settings`. */
export const runtimeSettingsSchema = runtimeSettingsBody;
export type RuntimeSettings = z.infer<typeof runtimeSettingsSchema>;

const KEY = 'settings';
/** How long a read is kept should a change notice be missed (the listening connection lost). */
const CACHE_MS = 2000;

/**
 * The deployment's settings: those of the environment, overlaid with what an administrator stored.
 * Read once per request from a short cache that a change, made through any process, empties in every
 * process at once (the database announces writes to `app_meta`).
 */
export function createSettingsStore(database: Database, base: AppSettings) {
  let cache: { at: number; stored: RuntimeSettings } | null = null;
  let heard = false;

  async function stored(): Promise<RuntimeSettings> {
    if (!heard) {
      heard = true;
      onChange(database, 'settings', () => (cache = null));
    }
    // While a write holds the embedded database, what was read last rather than a wait behind it.
    if (cache && (Date.now() - cache.at < CACHE_MS || database.held())) return cache.stored;
    const [row] = await database.db.select({ value: appMeta.value }).from(appMeta).where(eq(appMeta.key, KEY));
    const parsed = runtimeSettingsSchema.safeParse(row?.value ?? {});
    // A stored value this version cannot read (written by a newer one) falls back to the environment's.
    cache = { at: Date.now(), stored: parsed.success ? parsed.data : {} };
    return cache.stored;
  }

  return {
    async current(): Promise<AppSettings> {
      return { ...base, ...(await stored()) };
    },

    /** Stores a change (merged into what is stored) and returns the effective settings. */
    async update(change: RuntimeSettings): Promise<AppSettings> {
      const next = { ...(await stored()), ...change };
      await database.db.insert(appMeta).values({ key: KEY, value: next })
        .onConflictDoUpdate({ target: appMeta.key, set: { value: sql`excluded.value` } });
      cache = { at: Date.now(), stored: next };
      return { ...base, ...next };
    },
  };
}

export type SettingsStore = ReturnType<typeof createSettingsStore>;

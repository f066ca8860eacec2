import { onChange, type Database } from '@cuntu/db';
import type { AppEnv } from '../env';

export type LoginUser = NonNullable<AppEnv['Variables']['user']>;

/**
 * How long a process answers who a session or token belongs to without asking the database. Any
 * write that could change the answer empties every process's memory at once (change notices); this
 * bounds how long a copy could outlive such a write should a notice be lost with its connection.
 */
export const KNOWN_LOGIN_MS = 10_000;
/** Logins remembered per process; beyond, the memory starts again (a few hundred users at most are active at once). */
const MAX_KNOWN = 2_000;

export interface KnownLogins {
  /**
   * The user behind a login (`key`: a hash of its secret) from memory, else `read` from the database and
   * remembered until `expiresAtMs` (null: no end of its own) or `KNOWN_LOGIN_MS`, whichever comes first.
   * Null, and nothing remembered, for a login the database refuses.
   */
  user(key: string, read: () => Promise<(LoginUser & { expiresAtMs: number | null }) | null>): Promise<LoginUser | null>;
  /** Forgets everything: after a write this process answered, before the answer leaves. */
  forget(): void;
}

const perDatabase = new WeakMap<Database, KnownLogins>();

/**
 * This process's memory of logins it verified, so that most requests cost no login lookup: emptied
 * when any process writes an account, a session or a token (migration 0019 announces it), and when
 * this process answers any write (its own notice may arrive a moment after its answer). A lookup that
 * began before the memory was emptied is not remembered: it may have read what the write changed.
 */
export function knownLogins(database: Database): KnownLogins {
  let known = perDatabase.get(database);
  if (known) return known;
  const logins = new Map<string, { user: LoginUser; until: number }>();
  let generation = 0;
  const forget = () => {
    generation++;
    logins.clear();
  };
  onChange(database, 'accounts', forget);
  known = {
    async user(key, read) {
      const hit = logins.get(key);
      if (hit && hit.until > Date.now()) return hit.user;
      const asked = generation;
      const found = await read();
      if (!found) {
        logins.delete(key);
        return null;
      }
      const { expiresAtMs, ...user } = found;
      if (asked === generation) {
        if (logins.size >= MAX_KNOWN) logins.clear();
        logins.set(key, { user, until: Math.min(Date.now() + KNOWN_LOGIN_MS, expiresAtMs ?? Infinity) });
      }
      return user;
    },
    forget,
  };
  perDatabase.set(database, known);
  return known;
}

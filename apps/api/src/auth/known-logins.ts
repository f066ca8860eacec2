import { noticeMemory, type Database } from '@cuntu/db';
import type { AppEnv } from '../env';

export type LoginUser = NonNullable<AppEnv['Variables']['user']>;

/**
 * How long a process answers who a session or token belongs to without asking the database. Any
 * write that could change the answer empties every process's memory at once (change notices,
 * migration 0019); this bounds how long a copy could outlive such a write should a notice be lost.
 */
export const KNOWN_LOGIN_MS = 10_000;

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
 * This process's memory of logins it verified (`noticeMemory`), so that most requests cost no login
 * lookup: emptied when any process writes an account, a session or a token, and when this process
 * answers any write (its own notice may arrive a moment after its answer).
 */
export function knownLogins(database: Database): KnownLogins {
  let known = perDatabase.get(database);
  if (!known) {
    const memory = noticeMemory<(LoginUser & { expiresAtMs: number | null }) | null>(database, 'accounts', {
      ttlMs: KNOWN_LOGIN_MS, endOf: (found) => (found ? found.expiresAtMs : 0),
    });
    known = {
      async user(key, read) {
        const found = await memory.read(key, read);
        if (!found) return null;
        const { expiresAtMs, ...user } = found; // eslint-disable-line @typescript-eslint/no-unused-vars
        return user;
      },
      forget: memory.forget,
    };
    perDatabase.set(database, known);
  }
  return known;
}

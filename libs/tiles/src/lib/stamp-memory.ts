import { onChange, type Database } from '@cuntu/db';

/** A layer's tile stamp under a profile, and that profile's id. */
export interface TileStamp {
  stamp: string;
  profileId: number;
}

/**
 * How long a process uses a stamp without asking the database. Any write that moves a stamp empties
 * every process's memory at once (change notices, migration 0021); this bounds how long a stamp could
 * outlive such a write should a notice be lost with its connection.
 */
export const STAMP_MEMORY_MS = 5_000;

export interface StampMemory {
  /** The stamp of `scope` (a layer and the profile asked) from memory, else `read` and remembered. */
  stamp(scope: string, read: () => Promise<TileStamp | null>): Promise<TileStamp | null>;
  /** Forgets every stamp: after a write this process answered, before the answer leaves. */
  forget(): void;
}

const perDatabase = new WeakMap<Database, StampMemory>();

/**
 * This process's memory of tile stamps, so that a tile already cached (or already the client's) costs
 * no query at all: emptied when any process writes a layer, the verdicts or a profile (the database
 * announces it), and when this process answers any write. A read that began before the memory was
 * emptied is not remembered: it may have read the stamp the write moved.
 */
export function stampMemory(database: Database): StampMemory {
  let memory = perDatabase.get(database);
  if (memory) return memory;
  const stamps = new Map<string, { stamp: TileStamp | null; until: number }>();
  let generation = 0;
  const forget = () => {
    generation++;
    stamps.clear();
  };
  onChange(database, 'revisions', forget);
  memory = {
    async stamp(scope, read) {
      const hit = stamps.get(scope);
      if (hit && hit.until > Date.now()) return hit.stamp;
      const asked = generation;
      const found = await read();
      if (asked === generation) stamps.set(scope, { stamp: found, until: Date.now() + STAMP_MEMORY_MS });
      return found;
    },
    forget,
  };
  perDatabase.set(database, memory);
  return memory;
}

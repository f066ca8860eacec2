import { noticeMemory, type Database, type NoticeMemory } from '@cuntu/db';

/** A layer's tile stamp under a profile, and that profile's id. */
export interface TileStamp {
  stamp: string;
  profileId: number;
}

/** A stamp of all a layer's tiles, with the layer's own revision counter it holds (what `tileCoverage` must have read up to). */
export interface LayerTileStamp extends TileStamp {
  revision: number;
}

/**
 * How long a process uses a stamp without asking the database. Any write that moves a stamp empties
 * every process's memory at once (change notices, migration 0021); this bounds how long a stamp could
 * outlive such a write should a notice be lost with its connection.
 */
export const STAMP_MEMORY_MS = 5_000;

/** Stamps by scope (a layer and the profile asked); null where there is no such profile. */
export type StampMemory = NoticeMemory<LayerTileStamp | null>;

const perDatabase = new WeakMap<Database, StampMemory>();

/**
 * This process's memory of tile stamps (`noticeMemory`), so that a tile already cached (or already the
 * client's) costs no query at all: emptied when any process writes a layer, the verdicts or a profile,
 * and when this process answers any write.
 */
export function stampMemory(database: Database): StampMemory {
  let memory = perDatabase.get(database);
  if (!memory) perDatabase.set(database, (memory = noticeMemory<LayerTileStamp | null>(database, 'revisions', { ttlMs: STAMP_MEMORY_MS })));
  return memory;
}

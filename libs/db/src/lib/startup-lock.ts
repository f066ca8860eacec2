import { sql } from 'drizzle-orm';
import type { Database } from './open-database';

/** The advisory lock key API processes starting on one server take in turn ("cuntu" in ASCII). */
const STARTUP_LOCK = 0x6375_6e74_75;

/**
 * Runs `work` (migrations, the first load of the sample county) while no other process starting on
 * the same PostgreSQL server runs its own: replicas started together migrate and load once, the others
 * find it done. A transaction holds the lock while `work` uses the pool's other connections. On PGlite
 * the data directory's lock already lets one process in.
 */
export async function oneStartingAtATime<T>(database: Database, work: () => Promise<T>): Promise<T> {
  if (database.driver === 'pglite') return work();
  return database.db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${STARTUP_LOCK})`);
    return work();
  });
}

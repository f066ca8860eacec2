import { createHash } from 'node:crypto';
import type { Context } from 'hono';
import { sql } from 'drizzle-orm';
import type { Database } from '@cuntu/db';
import type { AppEnv } from '../env';

/**
 * The stamp of everything a check summary reads: the revision of each layer (the same counters the
 * tiles' ETags are made of, bumped by triggers on every write) and the latest finished run. Stored
 * results change only by runs, so the run stands for them: a run that swaps its results in steps (on
 * PGlite) is summarised when it ends, not recomputed at every step. Equal stamps, equal summaries: one
 * cheap query instead of the summary's seven.
 */
export async function summaryStamp(database: Database): Promise<string> {
  const [row] = await database.rows<{ stamp: string }>(sql`
    SELECT concat_ws('|', (SELECT string_agg(layer || ':' || revision, ',' ORDER BY layer) FROM layer_revisions WHERE layer <> 'checks'),
      (SELECT max(id)::text FROM check_runs WHERE status = 'done')) AS stamp`);
  return row?.stamp ?? '';
}

/**
 * The ETag of an answer read from stored results — the data's stamp and what was asked — set on the
 * response with `no-cache` (revalidate each time: an unchanged answer is a 304).
 */
export async function stampedEtag(c: Context<AppEnv>, kind: string, asked: unknown[]): Promise<string> {
  const stamp = await summaryStamp(c.get('database'));
  const etag = `"${kind}${createHash('sha256').update(JSON.stringify([stamp, ...asked])).digest('base64url').slice(0, 27)}"`;
  c.header('ETag', etag);
  c.header('Cache-Control', 'private, no-cache');
  return etag;
}

/** Summaries and village sheets kept per database (a county's ~300 sheets and its towns' summaries fit). */
const MAX_ENTRIES = 1_000;
const caches = new WeakMap<Database, Map<string, Promise<unknown>>>();

/**
 * A summary (or sheet) by what was asked and stamp, computed once per database and stamp — concurrent askers share the one
 * computation (after an import, a hundred viewers asking at once would otherwise each recompute it) —;
 * older stamps fall out as new ones come; a failed computation is forgotten.
 */
export async function cachedSummary<T>(database: Database, key: string, compute: () => Promise<T>): Promise<T> {
  let cache = caches.get(database);
  if (!cache) caches.set(database, (cache = new Map()));
  const known = cache.get(key);
  if (known) return known as Promise<T>;
  const computing = compute();
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value!);
  cache.set(key, computing);
  computing.catch(() => cache.delete(key));
  return computing;
}

import type { Database } from './open-database';

/** The channel the triggers of migration 0012 announce writes on; the payload is the topic. */
export const CHANGES_CHANNEL = 'cuntu_changes';

/** What a write announces: the deployment's settings (`app_meta`), the regions' boundaries (`counties`, `towns`), who a login is (`users`, `sessions`, `access_tokens`: migration 0019), the tiles' stamps (`layer_revisions`, `standards_profiles`: migration 0021). */
export type ChangeTopic = 'settings' | 'regions' | 'accounts' | 'revisions';

interface Watch {
  handlers: Map<string, Set<() => void>>;
  listening: Promise<unknown>;
}
const watches = new WeakMap<Database, Watch>();

/**
 * Calls `handler` each time a statement writes to what `topic` covers, in any process connected to the
 * database (this one included): for caches that must not outlive the data they copy. Listening starts
 * with the first handler and lasts as long as the database is open.
 */
export function onChange(database: Database, topic: ChangeTopic, handler: () => void): void {
  let watch = watches.get(database);
  if (!watch) {
    const handlers = new Map<string, Set<() => void>>();
    const listening = database.listen(CHANGES_CHANNEL, (payload) => {
      for (const h of handlers.get(payload) ?? []) h();
    }).catch((e: unknown) => {
      watches.delete(database);
      console.error('change notices: cannot listen; caches expire on their own instead:', e);
    });
    watches.set(database, (watch = { handlers, listening }));
  }
  const set = watch.handlers.get(topic) ?? new Set();
  watch.handlers.set(topic, set.add(handler));
}


import { createMiddleware } from 'hono/factory';
import { and, eq, sql } from 'drizzle-orm';
import { users } from '@cuntu/db';
import type { AppEnv } from './env';

/** How long after an account's last write its reads stay on the primary: far longer than a healthy replica lags. */
export const READ_YOUR_WRITES_S = 30;

/** Reads that tolerate a replica's lag: tiles, features and OGC items, check summaries and verdicts, regions, exports. */
const LAG_TOLERANT = [/^\/api\/tiles\//, /^\/api\/features\//, /^\/ogc\/collections\//, /^\/api\/checks\//, /^\/api\/regions\//, /^\/api\/exports\//];
const READS = new Set(['GET', 'HEAD']);

/** The header that says where a read was answered from, when the deployment has a replica. */
export const READ_FROM_HEADER = 'X-Cuntu-Read-From';

/**
 * With a read replica (`DATABASE_READ_URL`): a lag-tolerant read goes to it, unless the reader wrote
 * through the API in the last `READ_YOUR_WRITES_S` seconds (they read their own writes back from the
 * primary). Sessions are resolved before, on the primary: a new login or a disabled account is never late.
 */
export const readFromReplica = createMiddleware<AppEnv>(async (c, next) => {
  const database = c.get('database');
  if (!database.replica || !READS.has(c.req.method) || !LAG_TOLERANT.some((p) => p.test(c.req.path))) return next();
  const user = c.get('user');
  const [recent] = user
    ? await database.db.select({ id: users.id }).from(users).where(and(eq(users.id, user.id), sql`${users.lastWriteAt} > now() - make_interval(secs => ${READ_YOUR_WRITES_S})`))
    : [];
  c.header(READ_FROM_HEADER, recent ? 'primary' : 'replica');
  if (!recent) c.set('database', database.replica);
  return next();
});

/** With a read replica: notes when an account's write succeeded, so that its next reads come from the primary. */
export const noteWrites = createMiddleware<AppEnv>(async (c, next) => {
  await next();
  const database = c.get('database');
  const user = c.get('user');
  if (!database.replica || !user || READS.has(c.req.method) || c.req.method === 'OPTIONS' || c.res.status >= 400) return;
  await database.db.update(users).set({ lastWriteAt: sql`now()` }).where(eq(users.id, user.id));
});

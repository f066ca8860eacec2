import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { openDatabase, withReplica, type Database } from '@cuntu/db';
import { tileContaining } from '@cuntu/tiles';
import { authHeaderFor, createJsonCaller, openTestDatabase } from '@cuntu/testing';
import { createApp } from './app';
import { READ_FROM_HEADER } from './read-replica';

/**
 * Reads from a replica (`DATABASE_READ_URL`), the editor's own writes from the primary. The "replica"
 * here is a second database made from the same template that never receives a write: whatever is read
 * from it is the data as it was, so the test sees which side answered.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('a read replica', () => {
  let database: Database;
  let app: ReturnType<typeof createApp>;
  const auth: Record<string, { authorization: string }> = {};
  const call = createJsonCaller((path, init) => app.request(path, init), auth);

  beforeAll(async () => {
    // The replica refuses writes, as a standby does.
    const standby = await openTestDatabase('postgres');
    await standby.rows(sql.raw(`ALTER DATABASE ${new URL(standby.location).pathname.slice(1)} SET default_transaction_read_only = on`));
    const readOnly = await openDatabase({ url: standby.location, migrate: false });
    database = withReplica(await openTestDatabase('postgres'), { ...readOnly, close: async () => { await readOnly.close(); await standby.close(); } });
    app = createApp({ database });
    for (const u of ['viewer', 'editor-roads', 'admin']) auth[u] = await authHeaderFor(app.request, u);
  });
  afterAll(() => database?.close());

  it('answers lag-tolerant reads from the replica, and an editor\'s reads after a write from the primary', async () => {
    const [road] = await database.rows<{ id: number }>(sql`SELECT id FROM roads WHERE road_class = 'village' ORDER BY id LIMIT 1`);
    const path = `/api/features/roads/${road.id}`;
    const before = await call('GET', path, 'editor-roads');
    expect(before.headers.get(READ_FROM_HEADER)).toBe('replica');
    const width = (before.body.properties.widthM ?? 4) + 0.5;
    expect((await call('PATCH', path, 'editor-roads', { properties: { widthM: width } }, { 'if-match': before.etag! })).status).toBe(200);

    // The editor reads their write back: from the primary.
    const own = await call('GET', path, 'editor-roads');
    expect(own.headers.get(READ_FROM_HEADER)).toBe('primary');
    expect(own.body.properties.widthM).toBe(width);
    // A viewer is answered by the replica (here, one that never catches up); so are the tiles and summaries.
    const other = await call('GET', path, 'viewer');
    expect(other.headers.get(READ_FROM_HEADER)).toBe('replica');
    expect(other.body.properties.widthM).toBe(before.body.properties.widthM);
    expect((await call('GET', '/api/checks/summary', 'viewer')).headers.get(READ_FROM_HEADER)).toBe('replica');
    // A low-zoom tile read from the replica is kept on the primary, for every process.
    const [start] = await database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(ST_StartPoint(geom)) AS lon, ST_Y(ST_StartPoint(geom)) AS lat FROM roads WHERE id = ${road.id}`);
    const { z, x, y } = tileContaining(start.lon, start.lat, 6);
    const lowTile = await app.request(`/api/tiles/roads/${z}/${x}/${y}.mvt`, { headers: auth.viewer });
    expect(lowTile.status).toBe(200);
    expect(lowTile.headers.get(READ_FROM_HEADER)).toBe('replica');
    expect((await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM stored_tiles WHERE layer = 'roads' AND z = 6`))[0].n).toBe(1);
    // What is not lag-tolerant is always the primary's: accounts, jobs, the audit log.
    expect((await call('GET', '/api/admin/users', 'admin')).headers.get(READ_FROM_HEADER)).toBeNull();

    // Some time after the write, the editor reads from the replica again.
    await database.rows(sql`UPDATE users SET last_write_at = now() - interval '31 seconds' WHERE username = 'editor-roads'`);
    expect((await call('GET', path, 'editor-roads')).headers.get(READ_FROM_HEADER)).toBe('replica');
  });
});

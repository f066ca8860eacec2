import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { tileContaining } from '@cuntu/tiles';
import { authHeaderFor, openTestDatabase, recordingStatements, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

describe.each(TEST_DRIVERS)('tile stamps, remembered by the process, on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let stampReads: () => number;
  let viewer: { authorization: string };
  let editor: { authorization: string };
  let road: { id: number; name: string | null; path: string };
  const tile = async () => {
    const response = await app.request(`/api/tiles/roads/${road.path}.mvt`, { headers: viewer });
    expect(response.status).toBe(200);
    await response.arrayBuffer();
    return response.headers.get('etag');
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    // The stamp's statement, counted.
    const recorded = recordingStatements(database);
    stampReads = () => recorded.sent.filter((text) => /FROM standards_profiles p WHERE/.test(text)).length;
    app = createApp({ database: recorded.database });
    viewer = await authHeaderFor(app.request, 'viewer');
    editor = await authHeaderFor(app.request, 'editor-roads');
    const [found] = await database.rows<{ id: number; name: string | null; lon: number; lat: number }>(sql`
      SELECT id, name, ST_X(ST_StartPoint(geom)) AS lon, ST_Y(ST_StartPoint(geom)) AS lat FROM roads ORDER BY id LIMIT 1`);
    const { x, y } = tileContaining(found.lon, found.lat, 12);
    road = { id: found.id, name: found.name, path: `12/${x}/${y}` };
  });
  afterAll(() => database?.close());

  it('serves a tile it has cached without asking the database for the stamp again', async () => {
    const etag = await tile();
    const before = stampReads();
    expect(await tile()).toBe(etag);
    expect(await tile()).toBe(etag);
    expect(stampReads()).toBe(before);
  });

  it('moves the stamp at once after an edit through this process', async () => {
    const etag = await tile();
    const current = await app.request(`/api/features/roads/${road.id}`, { headers: editor });
    const patched = await app.request(`/api/features/roads/${road.id}`, {
      method: 'PATCH', headers: { ...editor, 'content-type': 'application/json', 'if-match': current.headers.get('etag')! },
      body: JSON.stringify({ properties: { name: `${road.name ?? ''} (edited)` } }),
    });
    expect(patched.status).toBe(200);
    expect(await tile()).not.toBe(etag);
  });

  it('moves the stamp as soon as the database announces a write made past this process, well before the memory would expire', async () => {
    const etag = await tile();
    await database.rows(sql`UPDATE roads SET width_m = coalesce(width_m, 4) + 0.5 WHERE id = ${road.id}`);
    await expect.poll(tile, { timeout: 1_000, interval: 10 }).not.toBe(etag);
  });
});

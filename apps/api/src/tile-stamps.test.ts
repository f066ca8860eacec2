import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { STORED_MAX_ZOOM, tileContaining } from '@cuntu/tiles';
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

  it('serves a low-zoom tile another process made from the database, and a 304 to its ETag', async () => {
    const low = tileContaining(...(await database.rows<{ lon: number; lat: number }>(sql`SELECT ST_X(location) AS lon, ST_Y(location) AS lat FROM houses ORDER BY id LIMIT 1`)).map((p) => [p.lon, p.lat] as const)[0], STORED_MAX_ZOOM);
    const path = `/api/tiles/houses/${low.z}/${low.x}/${low.y}.mvt`;
    const first = await app.request(path, { headers: viewer });
    expect(first.status).toBe(200);
    const bytes = new Uint8Array(await first.arrayBuffer());
    // Another process: its own app and memories over the same database, its statements recorded.
    const recorded = recordingStatements(database);
    const other = createApp({ database: recorded.database });
    const again = await other.request(path, { headers: viewer });
    expect(again.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(bytes);
    expect(recorded.sent.filter((text) => /ST_AsMVT\(q,|ST_RemoveRepeatedPoints/.test(text))).toEqual([]);
    expect((await other.request(path, { headers: { ...viewer, 'if-none-match': first.headers.get('etag')! } })).status).toBe(304);
  });

  it('moves the stamp as soon as the database announces a write made past this process, well before the memory would expire', async () => {
    const etag = await tile();
    await database.rows(sql`UPDATE roads SET width_m = coalesce(width_m, 4) + 0.5 WHERE id = ${road.id}`);
    await expect.poll(tile, { timeout: 1_000, interval: 10 }).not.toBe(etag);
  });
});

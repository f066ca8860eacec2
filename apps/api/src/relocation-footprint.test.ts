import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { authHeaderFor, createJsonCaller, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Coordinates as PostGIS gives them back (to the 7th decimal). */
const rounded = (g: { coordinates: number[][][] }) => ({ ...g, coordinates: g.coordinates.map((ring) => ring.map((p) => p.map((n) => Math.round(n * 1e7) / 1e7))) });
const square = (lon: number, lat: number, r: number) => ({ type: 'Polygon', coordinates: [[[lon - r, lat - r], [lon + r, lat - r], [lon + r, lat + r], [lon - r, lat + r], [lon - r, lat - r]]] });

describe.each(TEST_DRIVERS)('a relocation site\'s footprint on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const auth: Record<string, { authorization: string }> = {};
  const call = createJsonCaller((path, init) => app.request(path, init), auth);
  let site: { id: number; lon: number; lat: number };
  let path: string;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'editor-roads', 'editor-housing', 'admin']) auth[u] = await authHeaderFor(app.request, u);
    [site] = await database.rows<{ id: number; lon: number; lat: number }>(sql`
      SELECT id, ST_X(location) AS lon, ST_Y(location) AS lat FROM relocation_sites WHERE footprint IS NULL ORDER BY id LIMIT 1`);
    path = `/api/housing/sites/${site.id}/footprint`;
  });
  afterAll(() => database?.close());

  it('is read by anyone with its ETag, written only by housing editors with If-Match', async () => {
    const loaded = await call('GET', path, 'viewer');
    expect([loaded.status, loaded.body]).toEqual([200, { geometry: null }]);
    expect(loaded.etag).toMatch(/^"f[0-9a-f]{16}"$/);
    expect((await call('GET', path, null)).status).toBe(401);
    expect((await call('GET', '/api/housing/sites/99999999/footprint', 'viewer')).status).toBe(404);
    const plot = square(site.lon, site.lat, 0.002);
    expect((await call('PUT', path, 'editor-housing', { geometry: plot })).status).toBe(428);
    expect((await call('PUT', path, 'viewer', { geometry: plot }, { 'if-match': loaded.etag! })).status).toBe(403);
    expect((await call('PUT', path, 'editor-roads', { geometry: plot }, { 'if-match': loaded.etag! })).status).toBe(403);

    const saved = await call('PUT', path, 'editor-housing', { geometry: plot }, { 'if-match': loaded.etag! });
    expect(saved.status).toBe(200);
    expect(rounded(saved.body.geometry)).toEqual(rounded(plot));
    expect(saved.etag).not.toBe(loaded.etag);
    expect(rounded((await call('GET', path, 'viewer')).body.geometry)).toEqual(rounded(plot));
    const [{ inside }] = await database.rows<{ inside: boolean }>(sql`SELECT ST_Contains(footprint, location) AS inside FROM relocation_sites WHERE id = ${site.id}`);
    expect(inside).toBe(true);
    // A stale ETag: someone changed it meanwhile.
    const stale = await call('PUT', path, 'editor-housing', { geometry: null }, { 'if-match': loaded.etag! });
    expect([stale.status, stale.body.error.code]).toEqual([412, 'version_conflict']);
  });

  it('refuses what cannot be a site\'s plot, saying why, and stores nothing', async () => {
    const { etag, body } = await call('GET', path, 'viewer');
    const put = (geometry: unknown, lang = 'zh-CN') => call('PUT', path, 'editor-housing', geometry === undefined ? {} : { geometry }, { 'if-match': etag!, 'accept-language': lang });
    const d = 0.002;
    const bowtie = { type: 'Polygon', coordinates: [[[site.lon - d, site.lat - d], [site.lon + d, site.lat + d], [site.lon + d, site.lat - d], [site.lon - d, site.lat + d], [site.lon - d, site.lat - d]]] };
    expect((await put(bowtie)).status).toBe(422);
    expect((await put({ type: 'LineString', coordinates: [[site.lon, site.lat], [site.lon + d, site.lat]] })).status).toBe(422);
    const missing = await put(undefined);
    expect([missing.status, (missing.body.error.details as Json[]).map((d) => d.field)]).toEqual([422, ['geometry']]);
    const large = await put(square(site.lon, site.lat, 0.03), 'en');
    expect([large.status, large.body.error.code]).toEqual([422, 'area_too_large']);
    expect(large.body.error.message).toMatch(/^The footprint is \d+\.\d km², over 5 km²/);
    const far = await put(square(site.lon + 0.05, site.lat, 0.002));
    expect([far.status, far.body.error.code]).toEqual([422, 'footprint_far_from_site']);
    expect(far.body.error.message).toMatch(/^占地范围距安置点 \d+ 米，超过 1000 米/);
    expect((await call('GET', path, 'viewer')).body).toEqual(body);
  });

  it('is audited under its own record, and undone from the audit screen', async () => {
    const { etag, body: before } = await call('GET', path, 'viewer');
    const moved = square(site.lon, site.lat, 0.001);
    expect((await call('PUT', path, 'editor-housing', { geometry: moved }, { 'if-match': etag! })).status).toBe(200);
    const [entry] = (await call('GET', `/api/admin/audit?layer=relocation_footprint&feature=${site.id}`, 'admin')).body.entries as Json[];
    expect(entry).toMatchObject({ username: 'editor-housing', action: 'update', changed: ['geometry'] });
    expect(rounded(entry.after.geometry)).toEqual(rounded(moved));
    expect((await call('POST', `/api/admin/audit/${entry.id}/revert`, 'admin')).status).toBe(200);
    expect((await call('GET', path, 'viewer')).body).toEqual(before);
    // Removing it is a change like any other.
    const now = await call('GET', path, 'viewer');
    expect((await call('PUT', path, 'editor-housing', { geometry: null }, { 'if-match': now.etag! })).body).toEqual({ geometry: null });
  });
});

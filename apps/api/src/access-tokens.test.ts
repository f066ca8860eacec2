import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { tileContaining } from '@cuntu/tiles';
import { authHeaderFor, createJsonCaller, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });
const basic = (username: string, password: string) => ({ authorization: `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}` });

/** Personal access tokens: what QGIS and ArcGIS log in with (issue 20): named, scoped, revocable, dying with the account. */
describe.each(TEST_DRIVERS)('personal access tokens on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let call: ReturnType<typeof createJsonCaller>;
  const auth: Record<string, { authorization: string }> = {};
  /** A new token of a demo user, made through the API as the portal's page makes it. */
  const newToken = async (user: string, scope: 'read' | 'write', name = `QGIS ${scope}`) => {
    const created = await call('POST', '/api/me/tokens', user, { name, scope, expiresInDays: null });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body as { token: string; accessToken: Json };
  };
  const aRoad = async () => (await database.rows<{ id: number; lon: number; lat: number }>(sql`
    SELECT id, ST_X(ST_StartPoint(geom)) AS lon, ST_Y(ST_StartPoint(geom)) AS lat FROM roads ORDER BY id LIMIT 1`))[0];

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const user of ['editor-roads', 'editor-water', 'viewer', 'admin']) auth[user] = await authHeaderFor(app.request, user);
    call = createJsonCaller(app.request, auth);
  });
  afterAll(() => database?.close());

  it('is created with a name, a scope and an expiry, shown once, and listed without its secret', async () => {
    const created = await call('POST', '/api/me/tokens', 'viewer', { name: '办公室 QGIS', scope: 'read', expiresInDays: 90 });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^cuntu_pat_[\w-]{40,}$/);
    expect(created.body.accessToken).toMatchObject({ name: '办公室 QGIS', scope: 'read', lastUsedAt: null, prefix: created.body.token.slice(0, 14) });
    const days = (Date.parse(created.body.accessToken.expiresAt) - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(89.9);
    expect(days).toBeLessThan(90.1);

    const list = await call('GET', '/api/me/tokens', 'viewer');
    expect(list.body.tokens.map((t: Json) => t.name)).toContain('办公室 QGIS');
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    // Only a hash is stored.
    const stored = await database.rows<{ token_hash: string }>(sql`SELECT token_hash FROM access_tokens`);
    expect(JSON.stringify(stored)).not.toContain(created.body.token.slice(10));
    // Another user's list does not hold it.
    expect((await call('GET', '/api/me/tokens', 'editor-water')).body.tokens.map((t: Json) => t.id)).not.toContain(created.body.accessToken.id);

    for (const [body, field] of [[{ name: '', scope: 'read', expiresInDays: null }, 'name'], [{ name: 'x', scope: 'admin', expiresInDays: null }, 'scope'], [{ name: 'x', scope: 'read', expiresInDays: 0 }, 'expiresInDays']] as const) {
      const refused = await call('POST', '/api/me/tokens', 'viewer', body);
      expect(refused.status, field).toBe(400);
      expect(JSON.stringify(refused.body.error.details), field).toContain(field);
    }
    expect((await call('POST', '/api/me/tokens', null, { name: 'x', scope: 'read', expiresInDays: null })).status).toBe(401);
  });

  it('logs a client in as a bearer header, as the password of HTTP Basic, or in the query where desktop clients connect, and notes its last use', async () => {
    const { token, accessToken } = await newToken('editor-roads', 'read');
    expect((await app.request('/api/features/roads?limit=1', { headers: bearer(token) })).status).toBe(200);
    expect((await app.request('/ogc/collections/roads/items?limit=1', { headers: bearer(token) })).status).toBe(200);
    // QGIS's Basic authentication: any user name, the token as the password; no lockout counted.
    expect((await app.request('/ogc/collections/roads/items?limit=1', { headers: basic('qgis', token) })).status).toBe(200);
    const road = await aRoad();
    const { x, y } = tileContaining(road.lon, road.lat, 12);
    expect((await app.request(`/api/tiles/roads/12/${x}/${y}.mvt`, { headers: basic('editor-roads', token) })).status).toBe(200);
    expect((await app.request(`/api/tiles/roads/12/${x}/${y}.mvt?access_token=${token}`)).status).toBe(200);

    // In the query, every link the client follows carries it: landing page → collections → items → next page.
    const landing = (await (await app.request(`/ogc?access_token=${token}`)).json()) as Json;
    const data = landing.links.find((l: Json) => l.rel === 'data').href as string;
    expect(new URL(data).searchParams.get('access_token')).toBe(token);
    const collections = (await (await app.request(data)).json()) as Json;
    const roads = collections.collections.find((c: Json) => c.id === 'roads');
    const items = roads.links.find((l: Json) => l.rel === 'items').href as string;
    const first = (await (await app.request(`${items}&limit=2`)).json()) as Json;
    expect(first.features).toHaveLength(2);
    const next = first.links.find((l: Json) => l.rel === 'next').href as string;
    const second = await app.request(next);
    expect(second.status).toBe(200);
    expect(((await second.json()) as Json).features).toHaveLength(2);
    const tilejson = (await (await app.request(`/api/tiles/roads/tilejson.json?access_token=${token}`)).json()) as Json;
    expect(tilejson.tiles[0]).toMatch(/\/api\/tiles\/roads\/\{z\}\/\{x\}\/\{y\}\.mvt\?access_token=cuntu_pat_/);
    // Outside the desktop clients' paths a token in the query is not a login (a URL gets copied around),
    // and a session's token never is.
    expect((await app.request(`/api/features/roads?limit=1&access_token=${token}`)).status).toBe(401);
    const sessionToken = auth['editor-roads'].authorization.slice('Bearer '.length);
    expect((await app.request(`/ogc/collections?access_token=${sessionToken}`)).status).toBe(401);

    const listed = (await call('GET', '/api/me/tokens', 'editor-roads')).body.tokens.find((t: Json) => t.id === accessToken.id);
    expect(Date.now() - Date.parse(listed.lastUsedAt)).toBeLessThan(60_000);
  });

  it('answers a wrong, revoked or expired token with a 401 that never echoes it', async () => {
    const wrong = 'cuntu_pat_not-a-token-at-all-000000000000000000000';
    for (const request of [
      app.request('/api/features/roads', { headers: bearer(wrong) }),
      app.request('/ogc/collections', { headers: basic('qgis', wrong) }),
      app.request(`/ogc/collections/roads/nothing?access_token=${wrong}`),
    ]) {
      const response = await request;
      expect(response.status).toBe(401);
      const body = await response.text();
      expect(body).toContain('invalid_token');
      expect(body).not.toContain(wrong);
    }

    const { token, accessToken } = await newToken('viewer', 'read');
    expect((await app.request('/ogc/collections', { headers: bearer(token) })).status).toBe(200);
    await database.rows(sql`UPDATE access_tokens SET expires_at = now() - interval '1 second' WHERE id = ${accessToken.id}`);
    await expect.poll(async () => (await app.request('/ogc/collections', { headers: bearer(token) })).status, { timeout: 1_000, interval: 10 }).toBe(401);

    const live = await newToken('viewer', 'read');
    expect((await call('DELETE', `/api/me/tokens/${live.accessToken.id}`, 'editor-water')).status).toBe(404);
    expect((await app.request('/ogc/collections', { headers: bearer(live.token) })).status).toBe(200);
    expect((await call('DELETE', `/api/me/tokens/${live.accessToken.id}`, 'viewer')).status).toBe(204);
    expect((await app.request('/ogc/collections', { headers: bearer(live.token) })).status).toBe(401);
    expect((await call('GET', '/api/me/tokens', 'viewer')).body.tokens.map((t: Json) => t.id)).not.toContain(live.accessToken.id);
    expect((await call('DELETE', '/api/me/tokens/abc', 'viewer')).status).toBe(404);
  });

  it('reads only with a read token; writes the owner\'s own layers with a write token, never others\'', async () => {
    const road = await aRoad();
    const read = await newToken('editor-roads', 'read');
    const write = await newToken('editor-roads', 'write');
    const current = await app.request(`/ogc/collections/roads/items/${road.id}`, { headers: bearer(read.token) });
    const etag = current.headers.get('etag')!;
    const patch = (token: string, layer = 'roads', id: number | string = road.id) => app.request(`/ogc/collections/${layer}/items/${id}`, {
      method: 'PATCH', headers: { ...bearer(token), 'content-type': 'application/json', 'if-match': '*' }, body: JSON.stringify({ properties: { widthM: 6.5 } }),
    });
    const refused = await patch(read.token);
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as Json).error.code).toBe('token_read_only');
    expect(etag).toMatch(/^"v\d+"$/);

    const written = await patch(write.token);
    expect(written.status).toBe(200);
    const [audit] = await database.rows<{ username: string }>(sql`SELECT username FROM audit_log WHERE layer = 'roads' AND feature_id = ${String(road.id)} ORDER BY id DESC LIMIT 1`);
    expect(audit.username).toBe('editor-roads');
    const [source] = await database.rows<{ id: number }>(sql`SELECT id FROM water_sources ORDER BY id LIMIT 1`);
    expect((await patch(write.token, 'water_sources', source.id)).status).toBe(403);
  });

  it('cannot manage the account, tokens or the system whatever its scope', async () => {
    const { token } = await newToken('admin', 'write');
    for (const [method, url] of [['GET', '/api/me/tokens'], ['POST', '/api/me/tokens'], ['POST', '/api/me/password'], ['GET', '/api/admin/users'], ['POST', '/api/admin/users'], ['GET', '/api/admin/audit']]) {
      const response = await app.request(url, { method, headers: { ...bearer(token), 'content-type': 'application/json' }, body: method === 'GET' ? undefined : '{}' });
      expect(response.status, `${method} ${url}`).toBe(403);
      expect(((await response.json()) as Json).error.code, `${method} ${url}`).toBe('token_not_allowed');
    }
    expect((await app.request('/api/me', { headers: bearer(token) })).status).toBe(200);
  });

  it('dies with a disabled account and stays dead when the account is enabled again', async () => {
    const { token } = await newToken('editor-water', 'write');
    expect((await app.request('/ogc/collections', { headers: bearer(token) })).status).toBe(200);
    const [user] = await database.rows<{ id: number }>(sql`SELECT id FROM users WHERE username = 'editor-water'`);
    expect((await call('PATCH', `/api/admin/users/${user.id}`, 'admin', { disabled: true })).status).toBe(200);
    expect((await app.request('/ogc/collections', { headers: bearer(token) })).status).toBe(401);
    expect((await call('PATCH', `/api/admin/users/${user.id}`, 'admin', { disabled: false })).status).toBe(200);
    expect((await app.request('/ogc/collections', { headers: bearer(token) })).status).toBe(401);
    const [{ count }] = await database.rows<{ count: number }>(sql`SELECT count(*)::int AS count FROM access_tokens WHERE user_id = ${user.id}`);
    expect(count).toBe(0);
  });
});

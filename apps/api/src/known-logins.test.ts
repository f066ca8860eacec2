import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { authHeaderFor, openTestDatabase, recordingStatements, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

describe.each(TEST_DRIVERS)('who a login is, remembered by the process, on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let lookups: () => number;
  let recorded: ReturnType<typeof recordingStatements>;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    // The login lookups the API asks (sessions and personal access tokens), counted.
    recorded = recordingStatements(database);
    lookups = () => recorded.sent.filter((text) => /FROM (sessions s|access_tokens t) JOIN users u/.test(text)).length;
    app = createApp({ database: recorded.database });
  });
  afterAll(() => database?.close());

  const me = async (auth: { authorization: string }) => (await app.request('/api/me', { headers: auth })).status;

  it('asks the database about a session once while nothing changes', async () => {
    const viewer = await authHeaderFor(app.request, 'viewer');
    const before = lookups();
    expect(await me(viewer)).toBe(200);
    expect(await me(viewer)).toBe(200);
    expect(await me(viewer)).toBe(200);
    expect(lookups() - before).toBe(1);
  });

  it('asks the database about a Basic login (a desktop GIS client) once while nothing changes, and refuses it at once once disabled', async () => {
    const basic = { authorization: `Basic ${Buffer.from('editor-housing:cuntu-housing-2020').toString('base64')}` };
    const ogc = async () => (await app.request('/ogc/collections', { headers: basic })).status;
    const accountReads = () => recorded.sent.filter((text) => /FROM users WHERE id = /.test(text)).length;
    expect(await ogc()).toBe(200);
    const before = accountReads();
    expect(await ogc()).toBe(200);
    expect(await ogc()).toBe(200);
    expect(await ogc()).toBe(200);
    expect(accountReads() - before).toBe(1);

    const admin = await authHeaderFor(app.request, 'admin');
    const users = (await (await app.request('/api/admin/users', { headers: admin })).json()) as { users: Array<{ id: number; username: string }> };
    const id = users.users.find((u) => u.username === 'editor-housing')!.id;
    const patch = (disabled: boolean) => app.request(`/api/admin/users/${id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ disabled }) });
    expect((await patch(true)).status).toBe(200);
    expect(await ogc()).toBe(401);
    expect((await patch(false)).status).toBe(200);
  });

  it('refuses at once a session this process logged out, and an account it disabled', async () => {
    const leader = await authHeaderFor(app.request, 'leader');
    expect(await me(leader)).toBe(200);
    expect((await app.request('/api/auth/logout', { method: 'POST', headers: leader })).status).toBeLessThan(300);
    expect(await me(leader)).toBe(401);

    const roads = await authHeaderFor(app.request, 'editor-roads');
    const admin = await authHeaderFor(app.request, 'admin');
    expect(await me(roads)).toBe(200);
    const users = (await (await app.request('/api/admin/users', { headers: admin })).json()) as { users: Array<{ id: number; username: string }> };
    const id = users.users.find((u) => u.username === 'editor-roads')!.id;
    const patch = (disabled: boolean) => app.request(`/api/admin/users/${id}`, { method: 'PATCH', headers: { ...admin, 'content-type': 'application/json' }, body: JSON.stringify({ disabled }) });
    expect((await patch(true)).status).toBe(200);
    expect(await me(roads)).toBe(401);
    expect((await patch(false)).status).toBe(200);
  });

  it('forgets a session another process revoked as soon as the database announces it, well before its memory would expire', async () => {
    const water = await authHeaderFor(app.request, 'editor-water');
    expect(await me(water)).toBe(200);
    expect(await me(water)).toBe(200);
    // Written past this process (a script, another API process): only the database's notice tells it.
    await database.rows(sql`DELETE FROM sessions WHERE user_id = (SELECT id FROM users WHERE username = 'editor-water')`);
    await expect.poll(() => me(water), { timeout: 1_000, interval: 10 }).toBe(401);
  });
});

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { passwordProblem } from '@cuntu/auth';
import { sql } from 'drizzle-orm';
import { dataDirHolder } from '@cuntu/db';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

describe('password strength', () => {
  it('wants ten characters of three kinds (or sixteen), not the username, not a common password', () => {
    expect(passwordProblem('Short1!')).toMatch(/10/);
    expect(passwordProblem('alllowercaseletters')).toBeNull(); // 16+ characters
    expect(passwordProblem('lowercase12')).toMatch(/three/);
    expect(passwordProblem('Water-team-2026')).toBeNull();
    expect(passwordProblem('Zhangsan-2026!', 'zhangsan')).toMatch(/username/);
    expect(passwordProblem('MyPassword-1')).toMatch(/common/);
  });
});

describe.each(TEST_DRIVERS)('the accounts API on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const as: Record<string, { authorization: string }> = {};
  const call = async (method: string, url: string, headers: Record<string, string>, body?: unknown) => {
    const response = await app.request(url, { method, headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) }, body: body === undefined ? undefined : JSON.stringify(body) });
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : null) as Json };
  };
  const login = async (username: string, password: string) => {
    const r = await call('POST', '/api/auth/login', {}, { username, password });
    return { ...r, headers: { authorization: `Bearer ${r.body?.token}` } };
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'editor-water', 'admin']) as[u] = await authHeaderFor(app.request, u);
  });
  afterAll(() => database?.close());

  it('is for administrators only', async () => {
    for (const [method, url] of [['GET', '/api/admin/users'], ['POST', '/api/admin/users'], ['PATCH', '/api/admin/users/1'], ['POST', '/api/admin/users/1/reset-password']]) {
      expect((await call(method, url, {}, method === 'GET' ? undefined : {})).status, `${method} ${url} anonymous`).toBe(401);
      for (const user of ['viewer', 'editor-water']) expect((await call(method, url, as[user], method === 'GET' ? undefined : {})).status, `${method} ${url} ${user}`).toBe(403);
    }
    const list = await call('GET', '/api/admin/users', as.admin);
    expect(list.status).toBe(200);
    expect(list.body.users.map((u: Json) => u.username)).toContain('editor-water');
    expect(JSON.stringify(list.body)).not.toMatch(/scrypt|passwordHash/);
  });

  it('creates an editor for the water layer who must set a password first, then edits water sources but not roads', async () => {
    const weak = await call('POST', '/api/admin/users', as.admin, { username: 'wang.water', password: 'short', roles: ['editor'], editorTeams: ['water'] });
    expect([weak.status, weak.body.error.code, weak.body.error.details[0].field]).toEqual([422, 'weak_password', 'password']);
    const bad = await call('POST', '/api/admin/users', as.admin, { username: 'wang.water', password: 'Water-team-2026', roles: ['viewer'], editorTeams: ['water'] });
    expect([bad.status, bad.body.error.details[0].field]).toEqual([422, 'editorTeams']);
    const created = await call('POST', '/api/admin/users', as.admin, { username: 'wang.water', displayName: '王水利', password: 'Water-team-2026', roles: ['editor'], editorTeams: ['water'] });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'wang.water', roles: ['editor'], editorTeams: ['water'], mustChangePassword: true, disabled: false });
    expect((await call('POST', '/api/admin/users', as.admin, { username: 'wang.water', password: 'Water-team-2026', roles: ['editor'] })).status).toBe(409);

    const first = await login('wang.water', 'Water-team-2026');
    expect(first.body.mustChangePassword).toBe(true);
    expect((await call('GET', '/api/features/water_sources?limit=1', first.headers)).body.error.code).toBe('password_change_required');
    expect((await call('POST', '/api/me/password', first.headers, { currentPassword: 'wrong-one-2026', newPassword: 'Wang-water-2026!' })).status).toBe(403);
    expect((await call('POST', '/api/me/password', first.headers, { currentPassword: 'Water-team-2026', newPassword: 'tooweak' })).status).toBe(422);
    expect((await call('POST', '/api/me/password', first.headers, { currentPassword: 'Water-team-2026', newPassword: 'Qingshui-2026!' })).status).toBe(204);

    const source = await call('GET', '/api/features/water_sources?limit=1', first.headers);
    expect(source.status).toBe(200);
    const id = source.body.features[0].id;
    const current = await app.request(`/api/features/water_sources/${id}`, { headers: first.headers });
    const edit = await call('PATCH', `/api/features/water_sources/${id}`, { ...first.headers, 'if-match': current.headers.get('etag')! }, { properties: { fetchMinutes: 5 } });
    expect(edit.status).toBe(200);
    const road = await call('GET', '/api/features/roads?limit=1', first.headers);
    const roadEtag = (await app.request(`/api/features/roads/${road.body.features[0].id}`, { headers: first.headers })).headers.get('etag')!;
    expect((await call('PATCH', `/api/features/roads/${road.body.features[0].id}`, { ...first.headers, 'if-match': roadEtag }, { properties: { widthM: 5 } })).status).toBe(403);
  });

  it('ends a disabled user\'s session at once, and lets them back in when re-enabled', async () => {
    const users = (await call('GET', '/api/admin/users', as.admin)).body.users as Json[];
    const water = users.find((u) => u.username === 'editor-water')!;
    expect((await call('GET', '/api/me', as['editor-water'])).status).toBe(200);
    expect((await call('PATCH', `/api/admin/users/${water.id}`, as.admin, { disabled: true })).body.disabled).toBe(true);
    expect((await call('GET', '/api/me', as['editor-water'])).status).toBe(401);
    expect((await login('editor-water', 'cuntu-water-2020')).status).toBe(401);
    await call('PATCH', `/api/admin/users/${water.id}`, as.admin, { disabled: false });
    expect((await login('editor-water', 'cuntu-water-2020')).status).toBe(200);
  });

  it('resets a password: old sessions end and the user must choose a new one', async () => {
    const users = (await call('GET', '/api/admin/users', as.admin)).body.users as Json[];
    const viewer = users.find((u) => u.username === 'viewer')!;
    expect((await call('POST', `/api/admin/users/${viewer.id}/reset-password`, as.admin, { password: 'abc' })).status).toBe(422);
    expect((await call('POST', `/api/admin/users/${viewer.id}/reset-password`, as.admin, { password: 'Reset-by-admin-1' })).status).toBe(204);
    expect((await call('GET', '/api/me', as.viewer)).status).toBe(401);
    const again = await login('viewer', 'Reset-by-admin-1');
    expect(again.body.mustChangePassword).toBe(true);
    expect((await call('GET', '/api/layers', again.headers)).status).toBe(403);
  });

  it('never removes the last administrator', async () => {
    const users = (await call('GET', '/api/admin/users', as.admin)).body.users as Json[];
    const admin = users.find((u) => u.username === 'admin')!;
    const demote = await call('PATCH', `/api/admin/users/${admin.id}`, as.admin, { roles: ['viewer'] });
    expect([demote.status, demote.body.error.code]).toEqual([409, 'last_admin']);
    expect((await call('PATCH', `/api/admin/users/${admin.id}`, as.admin, { disabled: true })).status).toBe(409);
    // With a second administrator the first may step down.
    await call('POST', '/api/admin/users', as.admin, { username: 'li.admin', password: 'Second-admin-2026', roles: ['admin'] });
    expect((await call('PATCH', `/api/admin/users/${admin.id}`, as.admin, { roles: ['viewer'] })).status).toBe(200);
    const li = (await call('GET', '/api/admin/users', as.admin)).body;
    expect(li.error?.code).toBe('forbidden'); // the former admin's session is a viewer's now
    expect((await call('GET', '/api/admin/users/1', {})).status).toBe(401);
  });
});

describe('the first administrator of a deployment without sample data', () => {
  it('is created by the documented command, once', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-first-admin-'));
    const run = (password: string, username = 'ops') => spawnSync(process.execPath, ['--import', 'tsx', 'tools/accounts/src/create-admin.ts', '--username', username], {
      cwd: ROOT, encoding: 'utf8', env: { ...process.env, DATABASE_URL: '', CUNTU_DATA_DIR: dir, CUNTU_ADMIN_PASSWORD: password },
    });
    try {
      // (Weak passwords are refused by the same account rules the API tests above exercise.)
      const ok = run('First-admin-2026!');
      expect(ok.status, ok.stderr).toBe(0);
      expect(ok.stdout).toMatch(/administrator "ops" created/);
      const again = run('Another-admin-2026', 'ops2');
      expect(again.status).toBe(1);
      expect(again.stderr).toMatch(/exists already/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 300_000);
});

describe.each(TEST_DRIVERS)('the set-up route on %s', (driver) => {
  let database: TestDatabase;
  const TOKEN = 'a-set-up-token-of-this-portal';
  const post = async (app: ReturnType<typeof createApp>, token: string | null, body: unknown) => {
    const response = await app.request('/api/setup/first-admin', {
      method: 'POST', body: JSON.stringify(body),
      headers: { 'content-type': 'application/json', 'accept-language': 'en', ...(token === null ? {} : { 'x-cuntu-setup-token': token }) },
    });
    return { status: response.status, body: await response.json() as Json };
  };
  const first = { username: 'ops', password: 'First-admin-2026!', displayName: '运维' };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    // A deployment without an administrator yet (the sample's demo admin disabled).
    await database.rows(sql`UPDATE users SET disabled = true WHERE 'admin' = ANY(roles)`);
  });
  afterAll(() => database?.close());

  it('creates the first administrator for the holder of the token, once; refuses a wrong or missing token, a weak password', async () => {
    const app = createApp({ database, setupToken: TOKEN });
    expect((await post(createApp({ database }), TOKEN, first)).status).toBe(404); // a portal started without a token
    expect((await post(app, null, first)).status).toBe(400);
    const wrong = await post(app, 'not-the-token', first);
    expect([wrong.status, wrong.body.error.message]).toEqual([403, 'The set-up token is wrong']);
    const weak = await post(app, TOKEN, { ...first, password: 'short' });
    expect([weak.status, weak.body.error.details[0].field]).toEqual([422, 'password']);
    const created = await post(app, TOKEN, first);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ username: 'ops', roles: ['admin'], mustChangePassword: false });
    const login = await app.request('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops', password: first.password }) });
    expect(login.status).toBe(200);
    const again = await post(app, TOKEN, { ...first, username: 'ops2' });
    expect([again.status, again.body.error.code]).toEqual([409, 'admin_exists']);
  });
});

describe('create-admin while the portal runs on the embedded database', () => {
  it('creates the account through the portal, which logs it in at once; a second portal on the directory is refused, naming the first', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'cuntu-running-'));
    const env = { ...process.env, DATABASE_URL: '', CUNTU_DATA_DIR: dir, CUNTU_SAMPLE_DATA: 'off', PORT: '0', HOST: '127.0.0.1' };
    const startPortal = () => spawn(process.execPath, ['--import', 'tsx', 'apps/api/src/main.ts'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let portal: ChildProcess | null = null;
    try {
      portal = startPortal();
      let output = '';
      const url = await new Promise<string>((resolve, reject) => {
        portal!.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          const running = /running at (http:\/\/localhost:\d+)\//.exec(output);
          if (running) resolve(running[1]);
        });
        portal!.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
        portal!.on('exit', (code) => reject(new Error(`the portal exited (${code}): ${output}`)));
      });
      // The lock names the portal and its address once it listens.
      await expect.poll(async () => (await dataDirHolder(dir))?.url, { timeout: 10_000 }).toBeTruthy();
      expect((await dataDirHolder(dir))?.purpose).toBe('portal');

      const created = spawnSync(process.execPath, ['--import', 'tsx', 'tools/accounts/src/create-admin.ts', '--username', 'ops'], {
        cwd: ROOT, encoding: 'utf8', env: { ...env, CUNTU_ADMIN_PASSWORD: 'First-admin-2026!' },
      });
      expect(created.status, created.stderr).toBe(0);
      expect(created.stdout).toContain(`through the portal running as process ${portal.pid}`);
      const login = await fetch(`${url}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ops', password: 'First-admin-2026!' }) });
      expect(login.status).toBe(200);

      const second = startPortal();
      let said = '';
      second.stderr!.on('data', (chunk: Buffer) => (said += chunk.toString()));
      const [code] = await once(second, 'exit');
      expect(code).toBe(1);
      expect(said).toContain(`正被进程 ${portal.pid}（portal`);
      expect(said).toContain(`in use by process ${portal.pid} (portal`);
    } finally {
      if (portal && portal.exitCode === null) {
        portal.kill('SIGTERM');
        await once(portal, 'exit');
      }
      await rm(dir, { recursive: true, force: true });
    }
    expect(await dataDirHolder(dir)).toBeNull();
  }, 300_000);
});

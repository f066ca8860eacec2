import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
import { sql } from 'drizzle-orm';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { admission } from './admission';
import { createApp } from './app';
import { renderError } from './errors';

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('admission: a bounded queue, then 503 with Retry-After', () => {
  /** An app whose one route takes `ms`, behind the gate. */
  const slowApp = (limits: Parameters<typeof admission>[0], ms: number) => {
    const app = new Hono();
    app.onError(renderError);
    const gate = admission(limits);
    app.use('/api/*', gate.middleware);
    let inside = 0;
    let most = 0;
    app.get('/api/slow', async (c) => {
      most = Math.max(most, ++inside);
      await pause(ms);
      inside--;
      return c.json({ ok: true });
    });
    app.get('/api/health', (c) => c.json({ status: 'ok' }));
    return { app, most: () => most, inside: () => inside, alone: gate.alone };
  };

  it('lets a write hold the database alone: requests inside finish first, new ones wait for it (or get 503), then flow again', async () => {
    const { app, inside, alone } = slowApp({ running: 2, queued: 10, maxWaitMs: 400 }, 150);
    const started = performance.now();
    const at = () => performance.now() - started;
    const first = [app.request('/api/slow'), app.request('/api/slow')];
    await pause(20);
    let writeFrom = 0;
    let writeTo = 0;
    let insideAtWrite = -1;
    const write = alone(async () => {
      writeFrom = at();
      insideAtWrite = inside();
      await pause(600);
      writeTo = at();
    });
    await pause(20);
    // Arrives while the write waits or runs: queued, and refused once it has waited 400 ms.
    const during = Promise.resolve(app.request('/api/slow')).then((r) => ({ status: r.status, at: at() }));
    expect((await app.request('/api/health')).status).toBe(200);
    expect((await Promise.all(first)).map((r) => r.status)).toEqual([200, 200]);
    await write;
    expect(insideAtWrite).toBe(0);
    expect(writeFrom).toBeGreaterThanOrEqual(140);
    expect(await during).toMatchObject({ status: 503 });
    expect((await during).at).toBeLessThan(writeTo);
    const after = await app.request('/api/slow');
    expect(after.status).toBe(200);
  });

  it('runs at most `running` at once, serves the queue in order, and refuses the rest at once', async () => {
    const { app, most } = slowApp({ running: 2, queued: 2, maxWaitMs: 5_000 }, 100);
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 6 }, () => Promise.resolve(app.request('/api/slow')).then(async (r) => ({ status: r.status, ms: performance.now() - started, retry: r.headers.get('retry-after'), body: await r.json() }))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 503, 503]);
    expect(most()).toBe(2);
    // Each served answer says how long it queued and ran (Server-Timing).
    const timed = await Promise.resolve(app.request('/api/slow'));
    expect(timed.headers.get('server-timing')).toMatch(/^queue;dur=\d+, run;dur=(\d+)$/);
    expect(Number(/run;dur=(\d+)/.exec(timed.headers.get('server-timing')!)![1])).toBeGreaterThanOrEqual(90);
    const refused = answers.filter((a) => a.status === 503);
    // Refused at once, not after waiting: a full queue says so straight away.
    expect(Math.max(...refused.map((a) => a.ms))).toBeLessThan(80);
    expect(refused[0].retry).toBe('5');
    expect(refused[0].body.error).toMatchObject({ code: 'busy' });
    expect(refused[0].body.error.message).toContain('5 秒后重试');
  });

  it('adds its Server-Timing to the answer the route made, without copying it into another', async () => {
    const app = new Hono();
    let made: Response | undefined;
    let sent: Response | undefined;
    app.use('/api/*', async (c, next) => {
      await next();
      sent = c.res;
    });
    app.use('/api/*', admission({ running: 1, queued: 1, maxWaitMs: 1_000 }).middleware);
    app.get('/api/tile', (c) => (made = c.body(new Uint8Array([1, 2, 3]), 200)));
    const answer = await app.request('/api/tile');
    expect(answer.headers.get('server-timing')).toMatch(/^queue;dur=\d+, run;dur=\d+$/);
    expect(new Uint8Array(await answer.arrayBuffer())).toEqual(new Uint8Array([1, 2, 3]));
    expect(sent).toBe(made);
  });

  it('answers 503 to a request that would wait longer than the limit, and lets health through', async () => {
    const { app } = slowApp({ running: 1, queued: 10, maxWaitMs: 150 }, 600);
    const first = app.request('/api/slow');
    await pause(20);
    const t = performance.now();
    const second = await app.request('/api/slow');
    expect(second.status).toBe(503);
    expect(performance.now() - t).toBeLessThan(500);
    expect((await app.request('/api/health')).status).toBe(200);
    expect((await first).status).toBe(200);
    // The slot freed, the next one runs.
    expect((await app.request('/api/slow')).status).toBe(200);
  });
});

describe.each(TEST_DRIVERS)('the portal under a burst on %s', (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(driver);
  });
  afterAll(() => database?.close());

  it('serves what it can, refuses the rest quickly with 503 + Retry-After in the client\'s language, and keeps answering health', async () => {
    const app = createApp({ database, admission: { running: 1, queued: 2, maxWaitMs: 1_500 } });
    const viewer = await authHeaderFor(app.request, 'viewer');
    const answers = await Promise.all(Array.from({ length: 24 }, async () => {
      const t = performance.now();
      const r = await app.request('/api/checks/summary', { headers: { ...viewer, 'accept-language': 'en' } });
      return { status: r.status, ms: performance.now() - t, retry: r.headers.get('retry-after'), body: await r.json() };
    }));
    const served = answers.filter((a) => a.status === 200);
    const refused = answers.filter((a) => a.status === 503);
    expect(served.length).toBeGreaterThanOrEqual(3);
    expect(refused.length).toBeGreaterThan(0);
    expect(served.length + refused.length).toBe(24);
    expect(refused.every((a) => a.retry === '2' && a.body.error.code === 'busy' && /try again in 2 s/.test(a.body.error.message))).toBe(true);
    const health = await Promise.all(Array.from({ length: 5 }, () => app.request('/api/health')));
    expect(health.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });

  it('answers health, an import\'s progress and its cancel at once while a write holds the database', async () => {
    const app = createApp({ database });
    const editor = await authHeaderFor(app.request, 'editor-water');
    const file = JSON.stringify({ type: 'FeatureCollection', features: [{ type: 'Feature', geometry: { type: 'Point', coordinates: [120.65, 42.85] }, properties: { name: '等待', kind: 'well' } }] });
    const form = new FormData();
    form.set('layer', 'water_sources');
    form.set('file', new File([file], 'held.geojson'));
    const job = (await (await app.request('/api/imports', { method: 'POST', headers: editor, body: form })).json()) as { id: string };
    expect((await app.request('/api/health')).status).toBe(200);
    // A writer holding a transaction open, as an import's commit or a re-check does, for 1.5 s.
    let release!: () => void;
    const holding = database.db.transaction(async (tx) => {
      await tx.execute(sql`SELECT 1`);
      await new Promise<void>((resolve) => (release = resolve));
    });
    await pause(50);
    const timed = async (path: string, init?: RequestInit) => {
      const t = performance.now();
      const r = await app.request(path, init);
      return { status: r.status, ms: performance.now() - t };
    };
    const held = setTimeout(() => release(), 1_500);
    const answers = await Promise.all([
      timed('/api/health'),
      timed(`/api/imports/${job.id}`, { headers: editor }),
      timed(`/api/imports/${job.id}/cancel`, { method: 'POST', headers: editor }),
    ]);
    clearTimeout(held);
    release();
    await holding;
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200]);
    expect(Math.max(...answers.map((a) => a.ms))).toBeLessThan(1_000);
    // Someone else is not told of the job.
    expect((await app.request(`/api/imports/${job.id}`, { headers: await authHeaderFor(app.request, 'viewer') })).status).toBe(404);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Hono } from 'hono';
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
    app.use('/api/*', admission(limits));
    let inside = 0;
    let most = 0;
    app.get('/api/slow', async (c) => {
      most = Math.max(most, ++inside);
      await pause(ms);
      inside--;
      return c.json({ ok: true });
    });
    app.get('/api/health', (c) => c.json({ status: 'ok' }));
    return { app, most: () => most };
  };

  it('runs at most `running` at once, serves the queue in order, and refuses the rest at once', async () => {
    const { app, most } = slowApp({ running: 2, queued: 2, maxWaitMs: 5_000 }, 100);
    const started = performance.now();
    const answers = await Promise.all(Array.from({ length: 6 }, () => Promise.resolve(app.request('/api/slow')).then(async (r) => ({ status: r.status, ms: performance.now() - started, retry: r.headers.get('retry-after'), body: await r.json() }))));
    expect(answers.map((a) => a.status).sort()).toEqual([200, 200, 200, 200, 503, 503]);
    expect(most()).toBe(2);
    const refused = answers.filter((a) => a.status === 503);
    // Refused at once, not after waiting: a full queue says so straight away.
    expect(Math.max(...refused.map((a) => a.ms))).toBeLessThan(80);
    expect(refused[0].retry).toBe('5');
    expect(refused[0].body.error).toMatchObject({ code: 'busy' });
    expect(refused[0].body.error.message).toContain('5 秒后重试');
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
    const app = createApp({ database, admission: { running: 1, queued: 2, maxWaitMs: 200 } });
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
    expect(refused.every((a) => a.retry === '1' && a.body.error.code === 'busy' && /try again in 1 s/.test(a.body.error.message))).toBe(true);
    const health = await Promise.all(Array.from({ length: 5 }, () => app.request('/api/health')));
    expect(health.map((r) => r.status)).toEqual([200, 200, 200, 200, 200]);
  });
});

import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaderFor, startPortal, withDatabaseName, type RunningPortal } from '@cuntu/testing';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const server = process.env.TEST_DATABASE_URL;

/** Reads server-sent events from a response until `until` says stop; each event's name and data. */
async function readEvents(response: Response, until: (event: { event: string; data: Json }) => boolean | Promise<boolean>) {
  const events: Array<{ event: string; data: Json }> = [];
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return events;
    buffer += value;
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      const event = { event: /^event: (.*)$/m.exec(block)?.[1] ?? 'message', data: JSON.parse(/^data: (.*)$/m.exec(block)?.[1] ?? 'null') as Json };
      events.push(event);
      if (await until(event)) {
        await reader.cancel();
        return events;
      }
    }
  }
}

const wells = (prefix: string, n: number) => JSON.stringify({
  type: 'FeatureCollection',
  features: Array.from({ length: n }, (_, i) => ({
    type: 'Feature', geometry: { type: 'Point', coordinates: [120.5 + (i % 200) * 0.002, 42.8 + Math.floor(i / 200) * 0.002] },
    properties: { externalId: `${prefix}-${i}`, name: `${prefix}${i}`, kind: 'well' },
  })),
});

/**
 * Two API processes on one PostGIS database, sharing nothing but it (issue 21, part 4): a job started
 * through one is followed (polls and server-sent events) and cancelled through the other; one
 * activation at a time across both; a disabled account is refused by both at once.
 */
describe.skipIf(!server)('two API processes on one PostGIS database', () => {
  let a: RunningPortal;
  let b: RunningPortal;
  let db: postgres.Sql;
  const name = `cuntu_two_${process.pid}`;
  const count = async (rows: Promise<postgres.RowList<postgres.Row[]>>) => Number((await rows)[0].n);
  /** The wells whose external ids start with `prefix`. */
  const wellsNamed = (prefix: string) => count(db`SELECT count(*) AS n FROM water_sources WHERE external_id LIKE ${`${prefix}-%`}`);
  const call = async (portal: RunningPortal, path: string, auth: { authorization: string }, init: RequestInit = {}) => {
    const response = await portal.request(path, { ...init, headers: { ...auth, ...(init.body && typeof init.body === 'string' ? { 'content-type': 'application/json' } : {}), ...(init.headers ?? {}) } });
    return { status: response.status, body: (await response.json()) as Json };
  };
  /** Commits an import through `through` (202) and opens its event stream through `from`. */
  const commitAndFollow = async (through: RunningPortal, from: RunningPortal, id: string, auth: { authorization: string }) => {
    expect((await call(through, `/api/imports/${id}/commit`, auth, { method: 'POST', body: '{}' })).status).toBe(202);
    return from.request(`/api/imports/${id}/events`, { headers: auth });
  };
  const upload = (portal: RunningPortal, auth: { authorization: string }, fileName: string, body: string) =>
    call(portal, `/api/imports?layer=water_sources&fileName=${fileName}`, auth, { method: 'POST', body, headers: { 'content-type': 'application/octet-stream' } });

  beforeAll(async () => {
    const admin = postgres(server!, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.unsafe(`CREATE DATABASE ${name}`);
    await admin.end();
    // Both start at once on the empty database, as replicas do: one migrates, loads the sample county and
    // judges it while the other waits, then finds it done.
    const env = { DATABASE_URL: withDatabaseName(server!, name), CUNTU_WEB_DIR: '/nonexistent' };
    [a, b] = await Promise.all([startPortal({ fromTemplate: false, env, timeoutMs: 240_000 }), startPortal({ fromTemplate: false, env, timeoutMs: 240_000 })]);
    expect([a.output(), b.output()].filter((out) => out.includes('sample county loaded'))).toHaveLength(1);
    db = postgres(withDatabaseName(server!, name), { max: 1, onnotice: () => undefined });
  }, 300_000);

  afterAll(async () => {
    await db?.end();
    await Promise.all([a?.stop(), b?.stop()]);
    const admin = postgres(server!, { max: 1, onnotice: () => undefined });
    await admin.unsafe(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.end();
  });

  it('follows an import started through one process from the other, by polls and by server-sent events', async () => {
    const editor = await authHeaderFor(a.request, 'editor-water');
    // The upload lands on A, its preview on B: the file is in the database, not in A's memory.
    const uploaded = await upload(a, editor, 'two-processes.geojson', wells('TWO', 6_000));
    expect(uploaded.status).toBe(201);
    const id = uploaded.body.id as string;
    const preview = await call(b, `/api/imports/${id}/preview`, editor, { method: 'POST', body: '{}' });
    expect(preview.status).toBe(200);
    expect(preview.body.inspection.featureCount).toBe(6_000);

    // A runs the commit; B follows its events.
    const stream = await commitAndFollow(a, b, id, editor);
    expect(stream.headers.get('content-type')).toContain('text/event-stream');
    const events = readEvents(stream, (e) => e.event === 'done');
    // A second commit through B while A runs it is refused: the job is taken.
    expect((await call(b, `/api/imports/${id}/commit`, editor, { method: 'POST', body: '{}' })).body.error.code).toMatch(/import_running|import_closed/);
    const seen = await events;
    const last = seen.at(-1)!;
    expect(last.event).toBe('done');
    expect(last.data).toMatchObject({ state: 'committed', result: { created: 6_000 } });
    // B saw the run's progress, in order, written by A.
    const phases = seen.filter((e) => e.event === 'progress').map((e) => e.data.progress?.phase).filter(Boolean);
    expect(phases.length).toBeGreaterThan(0);
    expect((await call(b, `/api/imports/${id}`, editor)).body.state).toBe('committed');
    expect(await wellsNamed('TWO')).toBe(6_000);
    // The committed upload's file is let go.
    expect(await count(db`SELECT count(*) AS n FROM job_files WHERE job_id = ${id}`)).toBe(0);
  }, 180_000);

  it('cancels through one process an import running in the other, and nothing is written', async () => {
    const editor = await authHeaderFor(a.request, 'editor-water');
    const uploaded = await upload(a, editor, 'cancel-elsewhere.geojson', wells('ELSEWHERE', 30_000));
    const id = uploaded.body.id as string;
    const stream = await commitAndFollow(a, b, id, editor);
    // At B's first sight of progress, B cancels: A hears it and stops at its next chunk.
    let cancel: Promise<{ status: number; body: Json }> | null = null;
    const seen = await readEvents(stream, (e) => {
      if (e.event === 'progress' && e.data.progress && !cancel) cancel = call(b, `/api/imports/${id}/cancel`, editor, { method: 'POST' });
      return e.event === 'done';
    });
    expect((await cancel!)?.status).toBe(202);
    expect(seen.at(-1)!.data.state).toBe('cancelled');
    expect((await call(a, `/api/imports/${id}`, editor)).body.state).toBe('cancelled');
    expect(await wellsNamed('ELSEWHERE')).toBe(0);
    expect(await count(db`SELECT count(*) AS n FROM imports WHERE file_name = 'cancel-elsewhere.geojson'`)).toBe(0);
  }, 180_000);

  it('runs one activation at a time across both processes, followed and cancelled from the other', async () => {
    const admin = await authHeaderFor(a.request, 'admin');
    const profiles = (await call(a, '/api/standards/profiles', admin)).body.profiles as Json[];
    const other = profiles.find((p) => p.key === 'western-2015')!;
    const started = await call(a, `/api/standards/profiles/${other.id}/activate`, admin, { method: 'POST' });
    expect(started.status).toBe(202);
    const job = started.body.job as Json;
    // B sees the job A runs, and refuses a second activation while it runs.
    const fromB = await call(b, `/api/admin/jobs/${job.id}`, admin);
    expect(fromB.status).toBe(200);
    expect(fromB.body).toMatchObject({ id: job.id, kind: 'activate-profile', owner: 'admin' });
    if (fromB.body.state === 'running') {
      const second = await call(b, `/api/standards/profiles/${other.id}/activate`, admin, { method: 'POST' });
      expect(second.status).toBe(409);
    }
    // B follows it to the end by events.
    const seen = await readEvents(await b.request(`/api/admin/jobs/${job.id}/events`, { headers: admin }), (e) => e.event === 'done');
    expect(seen.at(-1)!.data).toMatchObject({ state: 'done', progress: { fraction: 1 } });

    // An activation back to the first profile, cancelled through B while A judges: the active profile stays.
    const first = profiles.find((p) => p.isActive)!;
    const again = (await call(a, `/api/standards/profiles/${first.id}/activate`, admin, { method: 'POST' })).body.job as Json;
    const cancelled = await call(b, `/api/admin/jobs/${again.id}/cancel`, admin, { method: 'POST' });
    expect([202, 409]).toContain(cancelled.status);
    const end = (await readEvents(await b.request(`/api/admin/jobs/${again.id}/events`, { headers: admin }), (e) => e.event === 'done')).at(-1)!.data;
    if (cancelled.status === 202) {
      expect(end.state).toBe('cancelled');
      expect((await call(a, '/api/standards/profiles', admin)).body.profiles.find((p: Json) => p.isActive).id).toBe(other.id);
    } else {
      expect(end.state).toBe('done');
    }
  }, 180_000);

  it('refuses a disabled account in every process at once', async () => {
    const admin = await authHeaderFor(a.request, 'admin');
    const viewer = await authHeaderFor(b.request, 'viewer');
    expect((await call(a, '/api/me', viewer)).status).toBe(200);
    expect((await call(b, '/api/me', viewer)).status).toBe(200);
    const users = (await call(a, '/api/admin/users', admin)).body.users as Json[];
    const id = users.find((u) => u.username === 'viewer')!.id;
    expect((await call(a, `/api/admin/users/${id}`, admin, { method: 'PATCH', body: JSON.stringify({ disabled: true }) })).status).toBe(200);
    // A at once (it forgets who logins are as it answers a write); B as soon as the database's notice
    // arrives, milliseconds, not the ten seconds it would otherwise remember the session for.
    expect((await call(a, '/api/me', viewer)).status).toBe(401);
    await expect.poll(async () => (await call(b, '/api/me', viewer)).status, { timeout: 1_000, interval: 10 }).toBe(401);
  }, 60_000);

  it('sees a settings change and a new county boundary made through one process in the other at once', async () => {
    const admin = await authHeaderFor(a.request, 'admin');
    const seenByB = async () => ({
      publicRead: (await call(b, '/api/admin/settings', admin)).body.publicRead as boolean,
      bounds: (await call(b, '/api/tiles/villages/tilejson.json', admin)).body.bounds as number[],
    });
    const before = await seenByB();
    expect(before.publicRead).toBe(false);
    expect((await call(a, '/api/admin/settings', admin, { method: 'PATCH', body: JSON.stringify({ publicRead: true }) })).status).toBe(200);
    const [w, s, e, n] = before.bounds.map((v, i) => v + (i < 2 ? -0.1 : 0.1));
    const boundary = { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] };
    expect((await call(a, '/api/admin/counties/150525000000', admin, { method: 'PUT', body: JSON.stringify({ boundary }) })).status).toBe(200);
    // Without waiting out B's caches (two seconds for settings, a minute for region boxes).
    await expect.poll(seenByB, { timeout: 500, interval: 50 }).toEqual({ publicRead: true, bounds: [w, s, e, n].map((v) => expect.closeTo(v, 6)) });
    await call(a, '/api/admin/settings', admin, { method: 'PATCH', body: JSON.stringify({ publicRead: false }) });
  }, 60_000);

  // Last: it stops process A.
  it('reads an import whose process stopped mid-run as interrupted, with nothing written, and runs it again through the other', async () => {
    const editor = await authHeaderFor(b.request, 'editor-water');
    const uploaded = await upload(a, editor, 'stopped.geojson', wells('STOPPED', 30_000));
    const id = uploaded.body.id as string;
    await readEvents(await commitAndFollow(a, b, id, editor), (e) => e.event === 'done' || !!e.data.progress);
    await a.stop();
    // Its heartbeat stops; within STALE_MS (30 s) the job reads as interrupted, from B.
    let job: Json = {};
    for (let i = 0; i < 90 && job.state !== 'failed'; i++) {
      await new Promise((resolve) => setTimeout(resolve, 500));
      job = (await call(b, `/api/imports/${id}`, editor)).body;
    }
    expect(job).toMatchObject({ state: 'failed', error: { code: 'interrupted' } });
    expect(await wellsNamed('STOPPED')).toBe(0);
    // The upload is still there: B commits it.
    const end = (await readEvents(await commitAndFollow(b, b, id, editor), (e) => e.event === 'done')).at(-1)!.data;
    expect(end).toMatchObject({ state: 'committed', result: { created: 30_000 } });
    expect(await wellsNamed('STOPPED')).toBe(30_000);
  }, 180_000);
});

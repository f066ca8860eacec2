import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { DEMO_USERS } from '@cuntu/auth';
import { LAYER_IDS, LAYERS } from '@cuntu/domain';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Bytes that must never reach a handler: a NUL, and a percent-encoded sequence that is not UTF-8. */
const HOSTILE = { nul: '%00x', notUtf8: '%C3%28' } as const;

/** Sample values for the path parameters the API description names. */
const PATH_VALUES: Record<string, string> = {
  layer: 'roads', collectionId: 'roads', id: '1', featureId: '1', code: '150525100200', testId: '1', type: 'village', z: '10', x: '860', y: '380',
};

describe.each(TEST_DRIVERS)('hostile input on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let admin: { authorization: string };
  const get = (path: string) => app.request(path, { headers: admin });
  const expectRefusal = async (response: Response, field: string, label: string) => {
    const body = (await response.json()) as Json;
    expect(response.status, `${label}: ${JSON.stringify(body)}`).toBe(400);
    expect(body.error.code, label).toBe('invalid_encoding');
    expect(body.error.details[0].field, label).toBe(field);
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    admin = await authHeaderFor(app.request, 'admin');
  });
  afterAll(() => database?.close());

  it('holds the login lockout when 30 attempts for one username arrive at once, the right password last', async () => {
    const attempt = (password: string) => app.request('/api/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'editor-water', password }),
    });
    const answers = await Promise.all([...Array.from({ length: 29 }, (_, i) => attempt(`wrong-${i}`)), attempt(DEMO_USERS.find((u) => u.username === 'editor-water')!.password)]);
    const statuses = answers.map((r) => r.status);
    expect(statuses.filter((s) => s === 200), 'a login got through the lockout').toHaveLength(0);
    expect(statuses.filter((s) => s === 401).length).toBeLessThanOrEqual(5);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(25);
    // An unknown username is refused the same way: nothing says whether it exists.
    const unknown = await Promise.all(Array.from({ length: 8 }, () => app.request('/api/auth/login', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'nobody-here', password: 'x' }),
    })));
    expect(unknown.map((r) => r.status).sort()).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
  });

  it('refuses a NUL or non-UTF-8 byte in every query parameter of every GET endpoint the API describes, naming it', async () => {
    const description = (await (await get('/api/openapi.json')).json()) as Json;
    let swept = 0;
    for (const [template, operations] of Object.entries(description.paths as Record<string, Json>)) {
      const query = ((operations.get?.parameters ?? []) as Json[]).filter((p) => p.in === 'query');
      const path = template.replace(/\{(\w+)\}/g, (_, name: string) => PATH_VALUES[name] ?? '1');
      for (const parameter of query) {
        for (const [kind, bytes] of Object.entries(HOSTILE)) {
          await expectRefusal(await get(`${path}?${parameter.name}=${bytes}`), parameter.name, `${template} ${parameter.name} ${kind}`);
          swept++;
        }
      }
    }
    expect(swept).toBeGreaterThan(40);
  });

  it('refuses them in every property filter of every layer\'s feature list, REST and OGC', async () => {
    for (const layer of LAYER_IDS) {
      for (const property of Object.keys(LAYERS[layer].properties.shape)) {
        for (const base of [`/api/features/${layer}`, `/ogc/collections/${layer}/items`]) {
          await expectRefusal(await get(`${base}?${property}=${HOSTILE.nul}`), property, `${base} ${property}`);
        }
      }
    }
    await expectRefusal(await get(`/api/features/roads?${HOSTILE.notUtf8}=1`), 'query', 'a parameter name that is not UTF-8');
  });

  it('refuses them in a path and in a JSON body, and stores nothing', async () => {
    await expectRefusal(await get(`/api/features/roads/${HOSTILE.nul}`), 'path', 'NUL in a path');
    await expectRefusal(await get(`/ogc/collections/${HOSTILE.notUtf8}/items`), 'path', 'non-UTF-8 path');
    const [before] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM roads`);
    const road = (name: string) => JSON.stringify({
      type: 'Feature', geometry: { type: 'LineString', coordinates: [[120.66, 42.85], [120.67, 42.86]] }, properties: { name, roadClass: 'village', surface: 'asphalt', widthM: 4.5 },
    });
    const post = (body: BodyInit) => app.request('/api/features/roads', { method: 'POST', headers: { ...admin, 'content-type': 'application/json' }, body });
    await expectRefusal(await post(road('a\u0000b')), 'properties.name', 'NUL in a JSON string');
    const bytes = new TextEncoder().encode(road('@@'));
    const at = bytes.findIndex((b, i) => b === 0x40 && bytes[i + 1] === 0x40);
    bytes.set([0xc3, 0x28], at); // an invalid two-byte sequence inside the name
    await expectRefusal(await post(bytes), 'body', 'invalid UTF-8 inside a JSON string');
    const broken = await post('{"type": "Feature",\n  "properties": {"name": "x",}}');
    const said = (await broken.json()) as Json;
    expect(broken.status).toBe(400);
    expect(said.error).toMatchObject({ code: 'invalid_json', details: [{ field: 'body', problem: '第 2 行第 30 列不是有效的 JSON' }] });
    const form = new FormData();
    form.set('layer', 'roads\u0000');
    form.set('file', new File(['{}'], 'roads.geojson'));
    await expectRefusal(await app.request('/api/imports', { method: 'POST', headers: admin, body: form }), 'layer', 'NUL in a multipart field');
    const [after] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM roads`);
    expect(after.n).toBe(before.n);
  });
});

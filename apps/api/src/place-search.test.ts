import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Places = { places: Array<{ layer: string; id: string; name: string; point: [number, number] }> };

/** The search box's finding of villages and natural villages, on the API: a province's names are not sent to the browser. */
describe.each(TEST_DRIVERS)('the place search on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let viewer: { authorization: string };
  let editor: { authorization: string };
  const search = async (q: string, limit?: number) => {
    const response = await app.request(`/api/regions/search?q=${encodeURIComponent(q)}${limit ? `&limit=${limit}` : ''}`, { headers: viewer });
    return { status: response.status, body: (await response.json()) as Places };
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    [viewer, editor] = await Promise.all([authHeaderFor(app.request, 'viewer'), authHeaderFor(app.request, 'admin')]);
  });
  afterAll(() => database?.close());

  it('finds 吉格斯台嘎查 by its pinyin, its initials, a part of its name and its code, villages before groups', async () => {
    for (const q of ['jigesitai', 'JiGe SiTai', 'jgst', '吉格斯', '150525100200']) {
      const { status, body } = await search(q);
      expect(status, q).toBe(200);
      expect(body.places[0], q).toMatchObject({ layer: 'villages', id: '150525100200', name: '吉格斯台嘎查' });
      expect(body.places[0].point.every(Number.isFinite), q).toBe(true);
    }
    // Its natural villages follow it, found by the code they start with.
    const groups = (await search('150525100200', 50)).body.places.filter((p) => p.layer === 'groups');
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((g) => g.id.startsWith('150525100200'))).toBe(true);
    expect((await search('cun', 5)).body.places).toHaveLength(5);
    expect((await search('没有这个地方')).body.places).toEqual([]);
  });

  it('finds a renamed village by its new name at once, and refuses an empty query', async () => {
    const current = await app.request('/api/features/villages/150525100200', { headers: editor });
    const renamed = await app.request('/api/features/villages/150525100200', {
      method: 'PATCH', headers: { ...editor, 'content-type': 'application/json', 'if-match': current.headers.get('etag')! },
      body: JSON.stringify({ properties: { name: '新吉格斯台村' } }),
    });
    expect(renamed.status).toBe(200);
    expect((await search('xinjigesitai')).body.places[0]).toMatchObject({ id: '150525100200', name: '新吉格斯台村' });
    expect((await search('  ')).status).toBe(400);
  });
});

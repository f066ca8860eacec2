import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** OGC API – Features as HTML pages (Part 1's HTML class): what a person browsing /ogc sees. */
describe.each(TEST_DRIVERS)('OGC API Features as HTML on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let viewer: { authorization: string };
  const get = (path: string, headers: Record<string, string> = {}) => app.request(path, { headers: { ...viewer, ...headers } });

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    viewer = await authHeaderFor(app.request, 'viewer');
  });
  afterAll(() => database?.close());

  it('answers a browser with a page per resource, in its language, linking each page to its JSON and on to the next', async () => {
    const [road] = await database.rows<{ id: number; name: string }>(sql`SELECT id, name FROM roads WHERE name IS NOT NULL ORDER BY id LIMIT 1`);
    for (const [path, zh, en] of [
      ['/ogc', '服务首页', 'Landing page'],
      ['/ogc/conformance', 'conf/html', 'conf/html'],
      ['/ogc/collections', '道路', 'Roads'],
      ['/ogc/collections/roads', '浏览要素', 'Browse the features'],
      ['/ogc/collections/roads/items?limit=5', '共 ', ' in all'],
      [`/ogc/collections/roads/items/${road.id}`, road.name, road.name],
    ]) {
      for (const [language, words] of [['zh-CN,zh;q=0.9', zh], ['en-GB,en;q=0.9', en]]) {
        const response = await get(path, { accept: BROWSER, 'accept-language': language });
        expect(response.status, path).toBe(200);
        expect(response.headers.get('content-type'), path).toContain('text/html');
        const page = await response.text();
        expect(page, `${path} in ${language}`).toContain(words);
        expect(page, path).toMatch(/<a href="[^"]*f=json[^"]*" data-format="json">/);
      }
    }
    const items = await (await get('/ogc/collections/roads/items?limit=5', { accept: BROWSER })).text();
    expect(items.match(/<tr data-feature=/g)).toHaveLength(5);
    const next = /<a href="([^"]+)" data-rel="next">/.exec(items)![1].replace(/&amp;/g, '&');
    expect(new URL(next).searchParams.get('f')).toBe('html');
    expect(new URL(next).searchParams.get('offset')).toBe('5');
    // Field names in words, the property name kept as its title.
    expect(items).toMatch(/<th title="roadClass">道路等级<\/th>/);
  });

  it('keeps JSON for clients: application/json, */*, f=json; refuses an unknown f', async () => {
    for (const headers of [{ accept: 'application/json' }, { accept: '*/*' }, {}, { accept: 'application/geo+json, text/html;q=0.5' }] as Array<Record<string, string>>) {
      const response = await get('/ogc/collections/roads/items?limit=1', headers);
      expect(response.headers.get('content-type'), JSON.stringify(headers)).toContain('json');
    }
    const forced = await get('/ogc/collections?f=json', { accept: BROWSER });
    expect(forced.headers.get('content-type')).toContain('application/json');
    const alternate = ((await forced.json()) as Json).links.find((l: Json) => l.rel === 'alternate');
    expect(alternate).toMatchObject({ type: 'text/html' });
    expect(new URL(alternate.href).searchParams.get('f')).toBe('html');
    expect((await get('/ogc/collections?f=xml')).status).toBe(400);
  });

  it('escapes what users wrote, and shows household personal data only to those who may see it', async () => {
    const editor = await authHeaderFor(app.request, 'editor-roads');
    const [road] = await database.rows<{ id: number }>(sql`SELECT id FROM roads ORDER BY id LIMIT 1`);
    const changed = await app.request(`/ogc/collections/roads/items/${road.id}`, {
      method: 'PATCH', headers: { ...editor, 'content-type': 'application/json', 'if-match': '*' }, body: JSON.stringify({ properties: { name: '<script>alert("x")</script>村道' } }),
    });
    expect(changed.status).toBe(200);
    const page = await (await get(`/ogc/collections/roads/items/${road.id}?f=html`)).text();
    expect(page).not.toContain('<script>alert');
    expect(page).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;村道');

    const housing = await authHeaderFor(app.request, 'editor-housing');
    const forViewer = await (await get('/ogc/collections/houses/items?limit=3&f=html')).text();
    const forHousing = await (await app.request('/ogc/collections/houses/items?limit=3&f=html', { headers: housing })).text();
    expect(forViewer).not.toContain('title="headName"');
    expect(forHousing).toContain('title="headName"');
  });
});

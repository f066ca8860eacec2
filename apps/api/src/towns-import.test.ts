import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { authHeaderFor, createJsonCaller, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
/** A small square around a point inside the sample county (奈曼旗). */
const square = ([x, y]: [number, number], d = 0.02) => ({ type: 'Polygon', coordinates: [[[x - d, y - d], [x + d, y - d], [x + d, y + d], [x - d, y + d], [x - d, y - d]]] });
const file = (features: Array<{ properties: Json; geometry: unknown }>) => new TextEncoder().encode(JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) }));

describe.each(TEST_DRIVERS)('a county\'s towns from a boundary file on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const auth: Record<string, { authorization: string }> = {};
  const call = createJsonCaller((path, init) => app.request(path, init), auth);
  const upload = async (bytes: Uint8Array, query = '', user = 'admin') => {
    const r = await app.request(`/api/admin/towns/import?fileName=towns.geojson${query}`, {
      method: 'POST', body: bytes as Uint8Array<ArrayBuffer>, headers: { ...auth[user], 'content-type': 'application/octet-stream', 'accept-language': 'zh-CN' },
    });
    return { status: r.status, body: await r.json() as Json };
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'admin']) auth[u] = await authHeaderFor(app.request, u);
  });
  afterAll(() => database?.close());

  it('checks every town (code of a county held, name, a valid polygon near the county, no code twice) and writes all or none', async () => {
    const bad = file([
      { properties: { 乡镇代码: '150525300000', 乡镇名称: '新设镇' }, geometry: square([120.6553, 42.8466]) },
      { properties: { 乡镇代码: '150526100000', 乡镇名称: '邻县镇' }, geometry: square([120.4071, 42.9308]) },
      { properties: { 乡镇代码: '150525300000', 乡镇名称: '重复镇' }, geometry: square([120.9, 42.7]) },
      { properties: { 乡镇代码: '150525302000', 乡镇名称: '' }, geometry: { type: 'LineString', coordinates: [[120.5, 43], [120.6, 43.1]] } },
      { properties: { 乡镇代码: '150525303000', 乡镇名称: '远方镇' }, geometry: square([110, 30]) },
    ]);
    const dry = await upload(bad);
    expect(dry.status).toBe(200);
    expect(dry.body).toMatchObject({ committed: false, columns: { code: '乡镇代码', name: '乡镇名称' }, total: 5, valid: 1, invalid: 4 });
    const problems = dry.body.problems as Json[];
    expect(problems.find((p) => p.row === 2)).toMatchObject({ field: 'code', problem: expect.stringContaining('不属于本系统已有的县') });
    expect(problems.find((p) => p.row === 3)).toMatchObject({ field: 'code', problem: expect.stringContaining('与第 1 行重复') });
    expect(problems.filter((p) => p.row === 4).map((p) => p.field).sort()).toEqual(['geometry', 'name']);
    expect(problems.find((p) => p.row === 5)).toMatchObject({ field: 'geometry', problem: expect.stringContaining('县界外') });
    const refused = await upload(bad, '&commit=true');
    expect([refused.status, refused.body.error.code]).toEqual([422, 'invalid_rows']);
    expect((await database.rows(sql`SELECT 1 FROM towns WHERE code = '150525300000'`)).length).toBe(0);

    const good = file([
      { properties: { 乡镇代码: '150525300000', 乡镇名称: '新设镇' }, geometry: square([120.6553, 42.8466]) },
      { properties: { 乡镇代码: '150525301000', 乡镇名称: '新设苏木' }, geometry: { type: 'MultiPolygon', coordinates: [square([120.9, 42.7]).coordinates] } },
    ]);
    const done = await upload(good, '&commit=true');
    expect(done.body).toMatchObject({ committed: true, creates: 2, updates: 0 });
    const stored = await database.rows<Json>(sql`SELECT code, name, kind, ST_Covers(boundary, seat) AS "seatInside" FROM towns WHERE code LIKE '1505253%' ORDER BY code`);
    expect(stored).toEqual([
      { code: '150525300000', name: '新设镇', kind: 'town', seatInside: true },
      { code: '150525301000', name: '新设苏木', kind: 'sumu', seatInside: true },
    ]);
    const audit = (await call('GET', '/api/admin/audit?layer=towns&feature=150525300000', 'admin')).body.entries as Json[];
    expect(audit[0]).toMatchObject({ action: 'import', username: 'admin' });

    // The new town takes villages: one under its code, at a point inside it.
    const village = await call('POST', '/api/features/villages', 'admin', { geometry: { type: 'Point', coordinates: [120.6553, 42.8466] }, properties: { code: '150525300201', townCode: '150525300000', name: '新设村', kind: 'village' } });
    expect(village.status, JSON.stringify(village.body)).toBe(201);
    // The same file again updates, never duplicates.
    expect((await upload(good, '&commit=true')).body).toMatchObject({ creates: 0, updates: 2 });
  });

  it('refuses a file without a code column, and everyone but administrators', async () => {
    const noCode = await upload(file([{ properties: { 名字: '某镇' }, geometry: square([120.6553, 42.8466]) }]));
    expect([noCode.status, noCode.body.error.code]).toEqual([422, 'no_code_column']);
    expect((await upload(file([]), '', 'viewer')).status).toBe(403);
  });
});

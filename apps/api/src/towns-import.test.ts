import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { authHeaderFor, countyWorkbook, createJsonCaller, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
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
  const upload = async (bytes: Uint8Array, query = '', user = 'admin', fileName = 'towns.geojson') => {
    const r = await app.request(`/api/admin/towns/import?fileName=${fileName}${query}`, {
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

  it('takes a code list from a spreadsheet (title row, total row): towns without a boundary, villages then go under them', async () => {
    const list = countyWorkbook([{ name: '乡镇代码表', rows: [
      ['奈曼旗乡镇（苏木）代码表'], ['乡镇代码', '乡镇名称'], ['150525310000', '列表镇'], ['150525311000', '列表苏木'], ['150525311000', '重复苏木'], ['合计', '3'],
    ], merges: [[0, 0, 0, 1]] }]);
    const dry = await upload(list, '', 'admin', 'towns.xlsx');
    expect(dry.status, JSON.stringify(dry.body)).toBe(200);
    expect(dry.body).toMatchObject({ committed: false, sheet: { name: '乡镇代码表' }, columns: { code: '乡镇代码', name: '乡镇名称' }, total: 3, valid: 2, invalid: 1 });
    expect(dry.body.problems).toEqual([expect.objectContaining({ row: 5, field: 'code', problem: expect.stringContaining('与第 4 行重复') })]);
    expect((await upload(list, '&commit=true', 'admin', 'towns.xlsx')).status).toBe(422);

    const good = countyWorkbook([{ name: '乡镇', rows: [['乡镇代码', '乡镇名称'], ['150525310000', '列表镇'], ['150525311000', '列表苏木']] }]);
    expect((await upload(good, '&commit=true', 'admin', 'towns.xlsx')).body).toMatchObject({ committed: true, creates: 2, invalid: 0 });
    const stored = await database.rows<Json>(sql`SELECT code, kind, boundary IS NULL AS "noBoundary", seat IS NULL AS "noSeat" FROM towns WHERE code LIKE '15052531%' ORDER BY code`);
    expect(stored).toEqual([{ code: '150525310000', kind: 'town', noBoundary: true, noSeat: true }, { code: '150525311000', kind: 'sumu', noBoundary: true, noSeat: true }]);
    const listed = (await call('GET', '/api/regions/towns', 'viewer')).body.features as Json[];
    expect(listed.find((f) => f.id === '150525310000')).toMatchObject({ geometry: null, properties: { name: '列表镇' } });
    const village = await call('POST', '/api/features/villages', 'admin', { geometry: { type: 'Point', coordinates: [120.6553, 42.8466] }, properties: { code: '150525310201', townCode: '150525310000', name: '列表村', kind: 'village' } });
    expect(village.status, JSON.stringify(village.body)).toBe(201);
    // A seats file later places them; the code list never wipes a seat or boundary a town already has.
    const seats = file([{ properties: { 代码: '150525310000', 名称: '列表镇' }, geometry: { type: 'Point', coordinates: [120.66, 42.85] } }]);
    expect((await upload(seats, '&commit=true')).body).toMatchObject({ committed: true, updates: 1 });
    expect((await upload(good, '&commit=true', 'admin', 'towns.xlsx')).body).toMatchObject({ updates: 2 });
    const [placed] = await database.rows<Json>(sql`SELECT ST_X(seat) AS x, ST_Y(seat) AS y FROM towns WHERE code = '150525310000'`);
    expect(placed).toEqual({ x: 120.66, y: 42.85 });
  });

  it('keeps towns as a layer: edited with a version, validated (the code under its county), audited and undone', async () => {
    const feature = await call('GET', '/api/features/towns/150525310000', 'viewer');
    expect(feature.status).toBe(200);
    expect(feature.body).toMatchObject({ geometry: { type: 'Point' }, properties: { name: '列表镇', countyCode: '150525000000' } });
    const renamed = await call('PATCH', '/api/features/towns/150525310000', 'admin', { properties: { name: '列表新镇' } }, { 'if-match': feature.etag! });
    expect(renamed.status, JSON.stringify(renamed.body)).toBe(200);
    expect((await call('PATCH', '/api/features/towns/150525310000', 'admin', { properties: { name: '又一名' } }, { 'if-match': feature.etag! })).status).toBe(412);
    expect((await call('PATCH', '/api/features/towns/150525310000', 'viewer', { properties: { name: '又一名' } }, { 'if-match': renamed.etag! })).status).toBe(403);

    const elsewhere = await call('POST', '/api/features/towns', 'admin', { geometry: { type: 'Point', coordinates: [120.7, 42.9] }, properties: { code: '150526320000', countyCode: '150525000000', name: '错县镇', kind: 'town' } });
    expect(elsewhere.status).toBe(422);
    expect(elsewhere.body.error.details).toEqual([expect.objectContaining({ field: 'code' })]);
    const notTown = await call('POST', '/api/features/towns', 'admin', { geometry: { type: 'Point', coordinates: [120.7, 42.9] }, properties: { code: '150525320201', countyCode: '150525000000', name: '非镇', kind: 'town' } });
    expect(notTown.status).toBe(422);

    const update = (await call('GET', '/api/admin/audit?layer=towns&feature=150525310000&action=update', 'admin')).body.entries[0];
    expect((await call('POST', `/api/admin/audit/${update.id}/revert`, 'admin')).status).toBe(200);
    expect((await call('GET', '/api/features/towns/150525310000', 'viewer')).body.properties.name).toBe('列表镇');

    // Undoing the import that created a town with no villages removes it again.
    const created = (await call('GET', '/api/admin/audit?layer=towns&feature=150525311000&action=import', 'admin')).body.entries as Json[];
    const first = created[created.length - 1];
    expect(first.before).toBeNull();
    expect((await call('POST', `/api/admin/audit/${first.id}/revert`, 'admin')).status).toBe(200);
    expect((await call('GET', '/api/features/towns/150525311000', 'viewer')).status).toBe(404);
  });
});

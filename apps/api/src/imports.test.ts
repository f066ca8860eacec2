import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { unzipSync, zipSync } from 'fflate';
import gcoord from 'gcoord';
import { sql } from 'drizzle-orm';
import { encodeWith, writeShapefileZip } from '@cuntu/geo-io';
import { authHeaderFor, createJsonCaller, houseLedger, openTestDatabase, TEST_DRIVERS, waterSourceLedger, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const utf8 = (text: string) => new TextEncoder().encode(text);
const metres = ([a, b]: number[], [c, d]: number[]) => Math.hypot((c - a) * Math.cos((b * Math.PI) / 180), d - b) * 111_320;

/** Positions inside the sample county (奈曼旗), and one far outside it. */
const INSIDE: Array<[number, number]> = [[120.6553, 42.8466], [120.4071, 42.9308], [121.1395, 43.5116], [121.1669, 42.8443], [120.9, 42.7], [120.55, 43.05], [120.8, 42.95], [121.0, 43.2]];

describe.each(TEST_DRIVERS)('bulk import and export on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const as: Record<string, { authorization: string }> = {};
  const count = async (table: string, where = sql`true`) => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${sql.identifier(table)} WHERE ${where}`))[0].n;

  /** Uploads a file as a multipart form, or (`asBody`) as the web apps send it: the file as the body, the rest in the query. */
  const upload = async (user: string, layer: string, name: string, bytes: Uint8Array, fields: Record<string, string> = {}, { asBody = false, target = app } = {}) => {
    let response: Response;
    if (asBody) {
      const query = new URLSearchParams({ layer, fileName: name, ...fields });
      response = await target.request(`/api/imports?${query}`, { method: 'POST', headers: { ...as[user], 'content-type': 'application/octet-stream' }, body: bytes as Uint8Array<ArrayBuffer> });
    } else {
      const form = new FormData();
      form.set('layer', layer);
      form.set('file', new File([bytes as Uint8Array<ArrayBuffer>], name));
      for (const [k, v] of Object.entries(fields)) form.set(k, v);
      response = await target.request('/api/imports', { method: 'POST', headers: as[user], body: form });
    }
    return { status: response.status, body: (await response.json()) as Json };
  };
  const call = createJsonCaller((path, init) => app.request(path, init), as);
  const post = (path: string, user: string, body: unknown = {}) => call('POST', path, user, body);
  /** Polls a job until its run ends, and returns it. */
  const finished = async (id: string, user: string): Promise<Json> => {
    for (let i = 0; i < 600; i++) {
      const job = (await (await app.request(`/api/imports/${id}`, { headers: as[user] })).json()) as Json;
      if (job.state !== 'running') return job;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('import did not finish');
  };
  const run = async (id: string, mode: 'dry-run' | 'commit', user: string, options: Json = {}) => {
    const started = await post(`/api/imports/${id}/${mode}`, user, options);
    expect(started.status, JSON.stringify(started.body)).toBe(202);
    return finished(id, user);
  };
  const geojson = (features: Array<{ coordinates: unknown; type?: string; properties: Json }>) =>
    utf8(JSON.stringify({ type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', geometry: { type: f.type ?? 'Point', coordinates: f.coordinates }, properties: f.properties })) }));

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'editor-water', 'editor-roads', 'editor-housing']) as[u] = await authHeaderFor(app.request, u);
  });
  afterAll(() => database?.close());

  it('imports GeoJSON: inspect and suggested mapping, dry run, commit with an audit entry per feature and one import record', async () => {
    const before = await count('water_sources');
    const file = geojson(INSIDE.slice(0, 3).map((c, i) => ({ coordinates: c, properties: { externalId: `IMP-GJ-${i}`, name: `导入水源${i}`, kind: i === 0 ? '水井' : 'spring', daily_capacity_m3: String(10 * (i + 1)), pipedToYard: i === 1 ? '是' : '否', extra: 'ignored' } })));
    const uploaded = await upload('editor-water', 'water_sources', 'sources.geojson', file);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body.inspection).toMatchObject({ format: 'geojson', featureCount: 3, layerGeometry: 'Point', geometryTypes: { Point: 3 } });
    expect(uploaded.body.inspection.suggestedMapping).toEqual({ externalId: 'externalId', name: 'name', kind: 'kind', dailyCapacityM3: 'daily_capacity_m3', pipedToYard: 'pipedToYard' });
    expect(uploaded.body.inspection.sample[0].mapped.values).toMatchObject({ kind: 'well', dailyCapacityM3: 10, pipedToYard: false });

    const dry = await run(uploaded.body.id, 'dry-run', 'editor-water');
    expect(dry).toMatchObject({ state: 'validated', report: { total: 3, valid: 3, invalid: 0, creates: 3, updates: 0, problems: [] } });
    expect(await count('water_sources')).toBe(before);

    const done = await run(uploaded.body.id, 'commit', 'editor-water');
    expect(done.state, JSON.stringify(done.error)).toBe('committed');
    expect(done.result).toMatchObject({ created: 3, updated: 0, counties: ['150525000000'] });
    expect(await count('water_sources')).toBe(before + 3);
    const [stored] = await database.rows<Json>(sql`SELECT name, kind, daily_capacity_m3 AS cap, piped_to_yard AS piped, county_code AS county, updated_by AS by FROM water_sources WHERE external_id = 'IMP-GJ-0'`);
    expect(stored).toMatchObject({ name: '导入水源0', kind: 'well', cap: 10, piped: false, county: '150525000000', by: 'editor-water' });
    expect(await count('audit_log', sql`action = 'import' AND import_id = ${done.result.importId} AND before IS NULL AND after IS NOT NULL`)).toBe(3);
    const records = (await (await app.request('/api/imports?layer=water_sources', { headers: as['editor-water'] })).json()) as Json;
    expect(records.imports[0]).toMatchObject({ id: done.result.importId, username: 'editor-water', fileName: 'sources.geojson', format: 'geojson', created: 3, updated: 0 });
    // Importing the same file again updates by external id instead of duplicating.
    const again = await upload('editor-water', 'water_sources', 'sources.geojson', file);
    expect((await run(again.body.id, 'commit', 'editor-water')).result).toMatchObject({ created: 0, updated: 3 });
    expect(await count('water_sources')).toBe(before + 3);
    expect(await count('audit_log', sql`action = 'import' AND feature_id IN (SELECT id::text FROM water_sources WHERE external_id LIKE 'IMP-GJ-%') AND before IS NOT NULL`)).toBe(3);
  });

  it('reports exactly the rows and fields that are wrong in a dry run, and a commit of that file writes nothing', async () => {
    const rows = [
      { coordinates: INSIDE[0], properties: { externalId: 'E-1', name: '正常', kind: 'well' } },
      { coordinates: INSIDE[1], properties: { externalId: 'E-2', name: '', kind: 'well' } },
      { coordinates: INSIDE[2], properties: { externalId: 'E-3', name: '类型错', kind: 'lake' } },
      { coordinates: [42.8466, 120.6553], properties: { externalId: 'E-4', name: '经纬颠倒', kind: 'well' } },
      { coordinates: [116.4, 39.9], properties: { externalId: 'E-5', name: '北京', kind: 'well' } },
      { coordinates: INSIDE[3], properties: { externalId: 'E-6', name: '未知县', kind: 'well', countyCode: '999999000000' } },
      { coordinates: INSIDE[4], properties: { externalId: 'E-1', name: '重复编号', kind: 'well' } },
      { coordinates: INSIDE[5], properties: { externalId: 'E-8', name: '容量', kind: 'well', dailyCapacityM3: '很多' } },
      { coordinates: [[120.1, 42.1], [120.2, 42.2]], type: 'LineString', properties: { externalId: 'E-9', name: '线', kind: 'well' } },
      { coordinates: INSIDE[6], properties: { externalId: 'E-10', name: '正常二', kind: 'spring' } },
      { coordinates: [116.4, 39.9], properties: { externalId: 'E-11', name: '', kind: 'well' } },
    ];
    const before = await count('water_sources');
    const uploaded = await upload('editor-water', 'water_sources', 'errors.geojson', geojson(rows));
    const dry = await run(uploaded.body.id, 'dry-run', 'editor-water');
    expect(dry.state).toBe('validated');
    expect(dry.report.problems.map((p: Json) => [p.row, p.field])).toEqual([
      [2, 'name'], [3, 'kind'], [4, 'geometry'], [5, 'geometry'], [6, 'countyCode'], [7, 'externalId'], [8, 'dailyCapacityM3'], [9, 'geometry'],
      // A row with a wrong attribute is still checked for where it lies: every problem of it at once.
      [11, 'name'], [11, 'geometry'],
    ]);
    expect(dry.report).toMatchObject({ total: 11, valid: 2, invalid: 9, creates: 2, problemCounts: { geometry: 4, name: 2, kind: 1, countyCode: 1, externalId: 1, dailyCapacityM3: 1 } });
    expect(dry.report.problems[2].problem).toMatch(/swapped/);
    expect(dry.report.problems[3].problem).toMatch(/outside the county/);
    const commit = await run(uploaded.body.id, 'commit', 'editor-water');
    expect(commit).toMatchObject({ state: 'rejected', error: { code: 'invalid_rows' } });
    expect(await count('water_sources')).toBe(before);
  });

  it('leaves the layer, the audit log and the import records unchanged when the last feature fails to write', async () => {
    // A database-side failure the validation cannot foresee, on the last feature only.
    await database.rows(sql`CREATE OR REPLACE FUNCTION fail_last_import() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.name = 'FAIL-LAST' THEN RAISE EXCEPTION 'disk full (simulated)'; END IF; RETURN NEW; END; $$`);
    await database.rows(sql`CREATE TRIGGER fail_last_import BEFORE INSERT OR UPDATE ON water_sources FOR EACH ROW EXECUTE FUNCTION fail_last_import()`);
    try {
      const features = Array.from({ length: 2_500 }, (_, i) => ({ coordinates: [120.5 + (i % 50) * 0.005, 42.8 + Math.floor(i / 50) * 0.004], properties: { externalId: `BULK-${i}`, name: i === 2_499 ? 'FAIL-LAST' : `批量${i}`, kind: 'well' } }));
      const [sources, audits, records] = [await count('water_sources'), await count('audit_log'), await count('imports')];
      const uploaded = await upload('editor-water', 'water_sources', 'bulk.geojson', geojson(features));
      const job = await run(uploaded.body.id, 'commit', 'editor-water');
      expect(job.state).toBe('failed');
      expect(job.error.message).toMatch(/disk full \(simulated\)/);
      expect([await count('water_sources'), await count('audit_log'), await count('imports')]).toEqual([sources, audits, records]);
    } finally {
      await database.rows(sql`DROP TRIGGER fail_last_import ON water_sources`);
    }
  });

  it('reads a GBK shapefile with no .cpg as GBK and imports its Chinese text', async () => {
    const names = ['青龙山安置点', '八仙筒移民新村'];
    const files = unzipSync(writeShapefileZip('sites', INSIDE.slice(2, 4).map((c) => ({ type: 'Point', coordinates: c })), [
      { name: 'externalId', values: ['SHP-1', 'SHP-2'] }, { name: 'name', values: names }, { name: 'kind', values: ['集中安置', '分散安置'] }, { name: 'people', values: [120, 45] },
    ], 'gbk'));
    delete files['sites.cpg'];
    files['sites.dbf'][29] = 0;
    const uploaded = await upload('editor-housing', 'relocation_sites', 'sites.zip', zipSync(files));
    expect(uploaded.body.inspection).toMatchObject({ format: 'shapefile', encoding: 'gbk', encodingSource: 'detected', frame: 'wgs84', frameSource: 'prj' });
    expect(uploaded.body.inspection.sample.map((s: Json) => s.source.name)).toEqual(names);
    const job = await run(uploaded.body.id, 'commit', 'editor-housing');
    expect(job.state, JSON.stringify(job.report?.problems)).toBe('committed');
    const stored = await database.rows<Json>(sql`SELECT name, kind, people FROM relocation_sites WHERE external_id LIKE 'SHP-%' ORDER BY external_id`);
    expect(stored).toEqual([{ name: names[0], kind: 'centralised', people: 120 }, { name: names[1], kind: 'dispersed', people: 45 }]);
  });

  it('converts a GCJ-02 CSV so the points land within a metre of their WGS-84 truth', async () => {
    const truth = INSIDE.slice(4, 8);
    const lines = truth.map(([lon, lat], i) => {
      const [glon, glat] = gcoord.transform([lon, lat], gcoord.WGS84, gcoord.GCJ02) as number[];
      return `GCJ-${i},手机采集${i},水井,${glon.toFixed(7)},${glat.toFixed(7)}`;
    });
    const uploaded = await upload('editor-water', 'water_sources', '采集.csv', utf8(['编号,名称,类型,经度,纬度', ...lines].join('\n')), { frame: 'gcj02' });
    expect(uploaded.body.inspection).toMatchObject({ format: 'csv', frame: 'gcj02', csv: { geometryFields: ['经度', '纬度'] } });
    const mapping = { externalId: '编号', name: '名称', kind: '类型' };
    // The frame chosen at upload holds for the preview and the commit without being sent again.
    const preview = await post(`/api/imports/${uploaded.body.id}/preview`, 'editor-water', { mapping });
    expect(preview.body.inspection).toMatchObject({ frame: 'gcj02' });
    expect(preview.body.inspection.sample[0].mapped.values).toEqual({ externalId: 'GCJ-0', name: '手机采集0', kind: 'well' });
    const job = await run(uploaded.body.id, 'commit', 'editor-water', { mapping });
    expect(job.state, JSON.stringify(job.report?.problems)).toBe('committed');
    const stored = await database.rows<{ id: string; lon: number; lat: number }>(sql`SELECT external_id AS id, ST_X(location) AS lon, ST_Y(location) AS lat FROM water_sources WHERE external_id LIKE 'GCJ-%' ORDER BY external_id`);
    stored.forEach((s, i) => expect(metres([s.lon, s.lat], truth[i]), s.id).toBeLessThan(1));
  });

  it('says when a file\'s heights (Z values) are left out, and imports its positions', async () => {
    const file = geojson([{ coordinates: [...INSIDE[0], 412.5], properties: { externalId: 'Z-1', name: '带高程的井', kind: 'well' } }]);
    const uploaded = await upload('editor-water', 'water_sources', 'gps.geojson', file);
    expect(uploaded.body.inspection.notes.join(' ')).toContain('1 个要素带高程');
    const job = await run(uploaded.body.id, 'commit', 'editor-water');
    expect(job.state, JSON.stringify(job.report?.problems)).toBe('committed');
    expect(await count('water_sources', sql`external_id = 'Z-1'`)).toBe(1);
  });

  it('refuses a ledger row whose renovation status skips what the house rules need', async () => {
    const csv = utf8(['编号,所属行政村,鉴定等级,改造方式,改造进度,旧房是否拆除,经度,纬度', `WF-1,150525100200,D级,拆除重建,已验收,否,${INSIDE[1][0]},${INSIDE[1][1]}`].join('\n'));
    const uploaded = await upload('editor-housing', 'houses', '危房台账.csv', csv);
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    const dry = await run(uploaded.body.id, 'dry-run', 'editor-housing');
    expect(dry.report.problems.map((p: Json) => p.field)).toEqual(expect.arrayContaining(['oldDemolished']));
    expect(await count('houses', sql`external_id = 'WF-1'`)).toBe(0);
  });

  it('imports KML placemarks', async () => {
    const kml = `<?xml version="1.0"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Placemark><name>KML路</name><ExtendedData><Data name="externalId"><value>KML-1</value></Data><Data name="roadClass"><value>村道</value></Data><Data name="surface"><value>沥青</value></Data><Data name="widthM"><value>4.5</value></Data></ExtendedData>
      <LineString><coordinates>120.60,42.80,0 120.61,42.81,0</coordinates></LineString></Placemark></Document></kml>`;
    const uploaded = await upload('editor-roads', 'roads', 'survey.kml', utf8(kml));
    const job = await run(uploaded.body.id, 'commit', 'editor-roads');
    expect(job.state, JSON.stringify(job.report?.problems)).toBe('committed');
    const [road] = await database.rows<Json>(sql`SELECT name, road_class, surface, width_m::numeric::float8 AS width FROM roads WHERE external_id = 'KML-1'`);
    expect(road).toEqual({ name: 'KML路', road_class: 'village', surface: 'asphalt', width: 4.5 });
  });

  it('round-trips exports: GeoJSON, GeoPackage, CSV, an Excel workbook and a GBK shapefile re-imported restore what was exported', async () => {
    const exported = async (query: string, user = 'editor-water') => app.request(`/api/exports/water_sources?${query}`, { headers: as[user] });
    const snapshot = async () => ((await (await exported('format=geojson&kind=centralised_works')).json()) as Json).features.map((f: Json) => {
      const { version, updatedAt, updatedBy, ...rest } = f.properties; // eslint-disable-line @typescript-eslint/no-unused-vars
      return { geometry: f.geometry, properties: rest };
    });
    const original = await snapshot();
    expect(original.length).toBeGreaterThan(5);
    for (const [query, name] of [['format=geojson', 'ws.geojson'], ['format=gpkg', 'ws.gpkg'], ['format=csv&geometry=wkt', 'ws.csv'], ['format=xlsx&geometry=wkt', 'ws.xlsx'], ['format=shapefile&encoding=gbk', 'ws.zip']]) {
      const response = await exported(`${query}&kind=centralised_works`);
      expect(response.status).toBe(200);
      expect(Number(response.headers.get('x-feature-count'))).toBe(original.length);
      const file = new Uint8Array(await response.arrayBuffer());
      // Scramble what was exported, then bring it back from the file.
      await database.rows(sql`UPDATE water_sources SET name = name || '（改）', daily_capacity_m3 = 1, location = ST_Translate(location, 0.01, 0.01) WHERE kind = 'centralised_works'`);
      const uploaded = await upload('editor-water', 'water_sources', name, file);
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
      const mapping = uploaded.body.inspection.suggestedMapping;
      expect(mapping.externalId, name).toMatch(/^external/i);
      expect(Object.keys(mapping).sort(), name).toEqual(['countyCode', 'dailyCapacityM3', 'externalId', 'fetchMinutes', 'kind', 'name', 'pipedToYard', 'populationServed', 'regionType', 'reliabilityPct'].sort());
      const job = await run(uploaded.body.id, 'commit', 'editor-water', { mapping });
      expect(job.state, `${name}: ${JSON.stringify(job.report?.problems?.slice(0, 3))}`).toBe('committed');
      expect(job.result, name).toMatchObject({ created: 0, updated: original.length });
      expect(await snapshot(), name).toEqual(original);
    }
  });

  it('exports respect roles and filters, and refuse what cannot be written', async () => {
    const housing = await (await app.request('/api/exports/houses?format=csv&geometry=lonlat&limit=5', { headers: as['editor-housing'] })).text();
    const viewer = await (await app.request('/api/exports/houses?format=csv&geometry=lonlat', { headers: as.viewer })).text();
    expect(housing.split('\r\n')[0]).toContain('headName');
    expect(viewer.split('\r\n')[0]).not.toContain('head');
    expect(viewer.split('\r\n').filter(Boolean).length).toBe(1 + (await count('houses')));
    const filtered = await app.request('/api/exports/roads?format=geojson&roadClass=trunk', { headers: as.viewer });
    expect(((await filtered.json()) as Json).features.length).toBe(await count('roads', sql`road_class = 'trunk'`));
    expect((await app.request('/api/exports/roads?format=csv&geometry=lonlat', { headers: as.viewer })).status).toBe(400);
    // A format the portal cannot write is refused; Excel it writes (issue 18), lines as WKT.
    expect((await app.request('/api/exports/roads?format=dwg', { headers: as.viewer })).status).toBe(400);
    expect((await app.request('/api/exports/roads?format=xlsx', { headers: as.viewer })).status).toBe(200);
    expect((await app.request('/api/exports/roads?format=xlsx&geometry=lonlat', { headers: as.viewer })).status).toBe(400);
    expect((await app.request('/api/exports/roads?colour=red', { headers: as.viewer })).status).toBe(400);
    expect((await app.request('/api/exports/roads', {})).status).toBe(401);
    // A GeoPackage names its coordinate system (EPSG:4326): GCJ-02 has none to name. A CQL2 filter selects as on /ogc.
    expect((await app.request('/api/exports/roads?format=gpkg&frame=gcj02', { headers: as.viewer })).status).toBe(400);
    const selected = await app.request(`/api/exports/roads?format=gpkg&filter=${encodeURIComponent("roadClass = 'trunk' OR widthM > 10")}`, { headers: as.viewer });
    expect(selected.headers.get('content-type')).toBe('application/geopackage+sqlite3');
    expect(Number(selected.headers.get('x-feature-count'))).toBe(await count('roads', sql`road_class = 'trunk' OR width_m > 10`));
  });

  it('takes the file itself as the body, with the layer, its name and the read options in the query', async () => {
    const gbkCsv = encodeWith(['编号;名称;类型;经度;纬度', `RAW-1;原始上传;水井;${INSIDE[7][0]};${INSIDE[7][1]}`].join('\n'), 'gbk');
    const uploaded = await upload('editor-water', 'water_sources', '上传.csv', gbkCsv, { encoding: 'gbk', delimiter: ';' }, { asBody: true });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body).toMatchObject({ fileName: '上传.csv', inspection: { format: 'csv', encoding: 'gbk', encodingSource: 'chosen', csv: { delimiter: ';' }, featureCount: 1 } });
    const job = await run(uploaded.body.id, 'commit', 'editor-water', { encoding: 'gbk', delimiter: ';', mapping: { externalId: '编号', name: '名称', kind: '类型' } });
    expect(job.state, JSON.stringify(job.report?.problems)).toBe('committed');
    expect(await database.rows(sql`SELECT name, kind FROM water_sources WHERE external_id = 'RAW-1'`)).toEqual([{ name: '原始上传', kind: 'well' }]);
    // A file without an id column only creates.
    const keyless = await upload('editor-water', 'water_sources', 'wells.csv', utf8(`名称,类型,经度,纬度\n无编号井,水井,${INSIDE[6][0]},${INSIDE[6][1]}\n`), {}, { asBody: true });
    const keylessJob = await run(keyless.body.id, 'commit', 'editor-water');
    expect([keylessJob.state, keylessJob.result?.created], JSON.stringify(keylessJob.error)).toEqual(['committed', 1]);
    expect(await database.rows(sql`SELECT external_id FROM water_sources WHERE name = '无编号井'`)).toEqual([{ external_id: null }]);

    const small = geojson([{ coordinates: INSIDE[0], properties: { name: 'x', kind: 'well' } }]);
    const raw = { asBody: true };
    expect((await upload('editor-roads', 'water_sources', 'a.geojson', small, {}, raw)).status).toBe(403);
    expect((await upload('editor-water', 'lakes', 'a.geojson', small, {}, raw)).body.error.code).toBe('unknown_layer');
    expect((await upload('editor-water', 'water_sources', 'a.geojson', new Uint8Array(0), {}, raw)).body.error.code).toBe('empty_file');
    expect((await upload('editor-water', 'water_sources', 'a.geojson', small, { frame: 'mars' }, raw)).body.error.code).toBe('invalid_body');
    const tooBig = await upload('editor-water', 'water_sources', 'big.geojson', new Uint8Array(2_000).fill(32), {}, { asBody: true, target: createApp({ database, settings: { importMaxBytes: 500 } }) });
    expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'file_too_large']);
  });

  it('imports a county\'s .xlsx and .xls ledgers: the sheet chosen, title, total and note rows skipped, a fixed value for a column the file lacks', async () => {
    const points = INSIDE.slice(5, 8);
    // The first sheet holds explanations: unasked, the sheet with the table is read, and the sheets are named for another choice.
    const first = await upload('editor-water', 'water_sources', '水源台账.xlsx', waterSourceLedger(points));
    expect([first.status, first.body.inspection.sheet]).toEqual([201, { name: '水源', names: ['填表说明', '水源'] }]);

    const uploaded = await upload('editor-water', 'water_sources', '水源台账.xlsx', waterSourceLedger(points), { sheet: '水源' }, { asBody: true });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body.inspection).toMatchObject({ format: 'xlsx', featureCount: 3, sheet: { name: '水源', names: ['填表说明', '水源'] } });
    expect(uploaded.body.inspection.suggestedMapping).toMatchObject({ externalId: '编号', name: '名称', kind: '类型', populationServed: '供水人口' });
    expect(uploaded.body.inspection.notes.join(' ')).toContain('第 9 行');
    const job = await run(uploaded.body.id, 'commit', 'editor-water');
    expect(job.state, JSON.stringify(job)).toBe('committed');
    expect(job.result.created).toBe(3);
    const stored = await database.rows<Json>(sql`SELECT external_id AS id, kind, population_served AS people FROM water_sources WHERE external_id LIKE 'XL-%' ORDER BY external_id`);
    expect(stored).toEqual([{ id: 'XL-1', kind: 'well', people: 100 }, { id: 'XL-2', kind: 'centralised_works', people: 200 }, { id: 'XL-3', kind: 'spring', people: 300 }]);

    // A legacy .xls without a 类型 column: the kind is required, so it is given one value for every row.
    const xls = waterSourceLedger(INSIDE.slice(0, 2), { kindColumn: false, bookType: 'biff8', idPrefix: 'XLS' });
    const legacy = await upload('editor-water', 'water_sources', '机井台账.xls', xls, { sheet: '水源' });
    expect(legacy.status, JSON.stringify(legacy.body)).toBe(201);
    const mapping = { ...legacy.body.inspection.suggestedMapping, externalId: '编号', kind: '=机井' };
    const wrong = await post(`/api/imports/${legacy.body.id}/dry-run`, 'editor-water', { mapping: { ...mapping, kind: '=火箭' } });
    expect([wrong.status, wrong.body.error.code, wrong.body.error.details.map((d: Json) => d.field)]).toEqual([400, 'invalid_mapping', ['kind']]);
    const dry = await run(legacy.body.id, 'dry-run', 'editor-water', { mapping });
    expect(dry.report).toMatchObject({ total: 2, valid: 2, invalid: 0 });
    const committed = await run(legacy.body.id, 'commit', 'editor-water', { mapping });
    expect(committed.result.created).toBe(2);
    const wells = await database.rows<Json>(sql`SELECT external_id AS id, kind FROM water_sources WHERE external_id LIKE 'XLS-%' ORDER BY external_id`);
    expect(wells).toEqual([{ id: 'XLS-1', kind: 'well' }, { id: 'XLS-2', kind: 'well' }]);
  });

  it('imports a house ledger without coordinates: villages and groups by name, placed at the group (else village) point, marked approximate until moved', async () => {
    const [group] = await database.rows<Json>(sql`
      SELECT g.code, g.name, g.village_code AS "villageCode", v.name AS village, ST_X(g.settlement) AS lon, ST_Y(g.settlement) AS lat
      FROM village_groups g JOIN villages v ON v.code = g.village_code WHERE v.name LIKE '%村' AND g.name LIKE '%三组' ORDER BY g.code LIMIT 1`);
    const [other] = await database.rows<Json>(sql`
      SELECT v.code, v.name, ST_X(v.committee) AS lon, ST_Y(v.committee) AS lat FROM villages v WHERE v.name LIKE '%嘎查' ORDER BY v.code LIMIT 1`);
    const rows = [
      // The group as the office writes it: 3组 for 后平安三组.
      { village: group.village, group: '3组', head: '王某', rating: 'C级', path: '修缮加固', id: 'LEDGER-H1' },
      // Full-width spaces and the committee's name, no group: the village's committee point.
      { village: `${other.name}\u3000委员会`, head: '李某', rating: 'D级', path: '拆除重建', id: 'LEDGER-H2' },
      { village: '不存在的村', head: '赵某', rating: 'C级', path: '修缮加固', id: 'LEDGER-H3' },
      { village: group.village, group: '第九十九组', head: '孙某', rating: 'C级', path: '修缮加固', id: 'LEDGER-H4' },
    ];
    const uploaded = await upload('editor-housing', 'houses', '危房台账.xlsx', houseLedger(rows), {}, { asBody: true });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(201);
    expect(uploaded.body.inspection.suggestedMapping).toMatchObject({ villageCode: '行政村', groupCode: '组', headName: '户主', safetyRating: '鉴定等级', renovationPath: '改造方式', externalId: '编号' });
    const dry = await run(uploaded.body.id, 'dry-run', 'editor-housing');
    expect(dry.report, JSON.stringify(dry)).toMatchObject({ total: 4, valid: 2, invalid: 2 });
    const problems = dry.report.problems as Json[];
    expect(problems.find((p) => p.row === 6)).toMatchObject({ field: 'villageCode', problem: expect.stringContaining('找不到名为「不存在的村」的行政村') });
    expect(problems.find((p) => p.row === 7)).toMatchObject({ field: 'groupCode', problem: expect.stringContaining(group.name) });
    expect(problems.map((p) => p.row).sort()).toEqual([6, 7]);

    const good = await upload('editor-housing', 'houses', '危房台账.xlsx', houseLedger(rows.slice(0, 2)), {}, { asBody: true });
    const committed = await run(good.body.id, 'commit', 'editor-housing');
    expect(committed.state, JSON.stringify(committed.error)).toBe('committed');
    const placed = await database.rows<Json>(sql`
      SELECT external_id AS id, village_code AS "villageCode", group_code AS "groupCode", location_approximate AS approximate, ST_X(location) AS lon, ST_Y(location) AS lat
      FROM houses WHERE external_id LIKE 'LEDGER-H%' ORDER BY external_id`);
    expect(placed.map((p) => ({ id: p.id, villageCode: p.villageCode, groupCode: p.groupCode, approximate: p.approximate }))).toEqual([
      { id: 'LEDGER-H1', villageCode: group.villageCode, groupCode: group.code, approximate: true },
      { id: 'LEDGER-H2', villageCode: other.code, groupCode: null, approximate: true },
    ]);
    expect(metres([placed[0].lon, placed[0].lat], [group.lon, group.lat])).toBeLessThan(0.01);
    expect(metres([placed[1].lon, placed[1].lat], [other.lon, other.lat])).toBeLessThan(0.01);

    // The queue to place: the approximately placed houses.
    const queue = await call('GET', '/api/features/houses?locationApproximate=true&limit=100', 'editor-housing');
    expect((queue.body.features as Json[]).map((f) => f.properties.externalId).sort()).toEqual(['LEDGER-H1', 'LEDGER-H2']);
    // Dragged to its real position: no longer approximate.
    const [h1] = (queue.body.features as Json[]).filter((f) => f.properties.externalId === 'LEDGER-H1');
    const moved = await call('PATCH', `/api/features/houses/${h1.id}`, 'editor-housing', { geometry: { type: 'Point', coordinates: [group.lon + 0.001, group.lat] } }, { 'if-match': `"v${h1.properties.version}"` });
    expect(moved.status, JSON.stringify(moved.body)).toBe(200);
    expect(moved.body.properties.locationApproximate).toBe(false);
    // The same ledger again: a house placed by hand keeps its place; the other stays where its village is.
    const again = await upload('editor-housing', 'houses', '危房台账.xlsx', houseLedger(rows.slice(0, 2)), {}, { asBody: true });
    expect((await run(again.body.id, 'commit', 'editor-housing')).result.updated).toBe(2);
    const after = await database.rows<Json>(sql`SELECT external_id AS id, location_approximate AS approximate, ST_X(location) AS lon FROM houses WHERE external_id LIKE 'LEDGER-H%' ORDER BY external_id`);
    expect(after.map((r) => [r.id, r.approximate])).toEqual([['LEDGER-H1', false], ['LEDGER-H2', true]]);
    expect(after[0].lon).toBeCloseTo(group.lon + 0.001, 6);
  });

  it('refuses with a reason: no right to the layer, too large, too many features, too deep, unreadable, bad mapping; and can be cancelled', async () => {
    const small = geojson([{ coordinates: INSIDE[0], properties: { name: 'x', kind: 'well' } }]);
    expect((await upload('viewer', 'water_sources', 'a.geojson', small)).status).toBe(403);
    expect((await upload('editor-roads', 'water_sources', 'a.geojson', small)).status).toBe(403);
    expect((await upload('editor-water', 'lakes', 'a.geojson', small)).body.error.code).toBe('unknown_layer');
    const limited = createApp({ database, settings: { importMaxBytes: 500, importMaxFeatures: 3 } });
    const many = geojson(INSIDE.slice(0, 4).map((c) => ({ coordinates: c, properties: {} })));
    const tooBig = await upload('editor-water', 'water_sources', 'big.geojson', new Uint8Array(2_000).fill(32), {}, { target: limited });
    expect([tooBig.status, tooBig.body.error.code]).toEqual([413, 'file_too_large']);
    const tooMany = await upload('editor-water', 'water_sources', 'many.geojson', many.subarray(0, many.length), {}, { target: createApp({ database, settings: { importMaxFeatures: 3 } }) });
    expect([tooMany.status, tooMany.body.error.code]).toEqual([413, 'too_many_features']);
    const deep = utf8(`{"type":"FeatureCollection","features":[{"type":"Feature","geometry":null,"properties":{"a":${'['.repeat(100)}${']'.repeat(100)}}}]}`);
    expect((await upload('editor-water', 'water_sources', 'deep.geojson', deep)).body.error.code).toBe('too_deep');
    expect((await upload('editor-water', 'water_sources', 'x.xlsx', new Uint8Array([1, 2, 3]))).body.error.code).toBe('unknown_format');
    const uploaded = await upload('editor-water', 'water_sources', 'a.geojson', small);
    const bad = await post(`/api/imports/${uploaded.body.id}/dry-run`, 'editor-water', { mapping: { name: 'nope', colour: 'name' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: Json) => d.field).sort()).toEqual(['colour', 'name']);
    expect((await app.request(`/api/imports/${uploaded.body.id}`, { headers: as['editor-roads'] })).status).toBe(404);

    const features = Array.from({ length: 12_000 }, (_, i) => ({ coordinates: [120.5 + (i % 100) * 0.003, 42.8 + Math.floor(i / 100) * 0.002], properties: { externalId: `CANCEL-${i}`, name: `取消${i}`, kind: 'well' } }));
    const before = await count('water_sources');
    const big = await upload('editor-water', 'water_sources', 'cancel.geojson', geojson(features));
    const started = await post(`/api/imports/${big.body.id}/commit`, 'editor-water');
    expect(started.status).toBe(202);
    const cancelled = await post(`/api/imports/${big.body.id}/cancel`, 'editor-water');
    expect([200, 202]).toContain(cancelled.status);
    expect((await finished(big.body.id, 'editor-water')).state).toBe('cancelled');
    expect(await count('water_sources')).toBe(before);
  });

  it('a cancel sent while the rows are being written is answered at once, stops the write, and leaves nothing written', async () => {
    const features = Array.from({ length: 20_000 }, (_, i) => ({ coordinates: [120.5 + (i % 200) * 0.002, 42.8 + Math.floor(i / 200) * 0.002], properties: { externalId: `MIDCANCEL-${i}`, name: `中途${i}`, kind: 'well' } }));
    const before = await count('water_sources');
    const audits = await count('audit_log');
    const uploaded = await upload('editor-water', 'water_sources', 'mid-cancel.geojson', geojson(features));
    expect((await post(`/api/imports/${uploaded.body.id}/commit`, 'editor-water')).status).toBe(202);
    // Wait until the write has begun — on PGlite, which writes in batches, until it is past its first
    // rows, as the testers did (4,000 of 20,000); a server writes them in one batch.
    const writing = (p: Json | null) => p?.phase === 'writing' && (driver === 'postgres' || p.done > 0);
    let progress: Json | null = null;
    for (let i = 0; i < 1_200 && !writing(progress); i++) {
      await new Promise((r) => setTimeout(r, 25));
      progress = ((await (await app.request(`/api/imports/${uploaded.body.id}`, { headers: as['editor-water'] })).json()) as Json).progress;
    }
    expect(progress).toMatchObject({ phase: 'writing' });
    const t = performance.now();
    const cancelled = await post(`/api/imports/${uploaded.body.id}/cancel`, 'editor-water');
    expect(cancelled.status).toBe(202);
    expect(performance.now() - t).toBeLessThan(1_000);
    const job = await finished(uploaded.body.id, 'editor-water');
    expect(job.state).toBe('cancelled');
    expect(await count('water_sources')).toBe(before);
    expect(await count('water_sources', sql`external_id LIKE 'MIDCANCEL-%'`)).toBe(0);
    expect(await count('audit_log')).toBe(audits);
    expect(await count('imports', sql`file_name = 'mid-cancel.geojson'`)).toBe(0);
  }, 120_000);

  it('streams progress as server-sent events until the run ends', async () => {
    const uploaded = await upload('editor-water', 'water_sources', 's.geojson', geojson([{ coordinates: INSIDE[1], properties: { externalId: 'SSE-1', name: '事件', kind: 'well' } }]));
    await post(`/api/imports/${uploaded.body.id}/dry-run`, 'editor-water');
    const response = await app.request(`/api/imports/${uploaded.body.id}/events`, { headers: as['editor-water'] });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    const last = text.trim().split('\n\n').pop()!;
    expect(last).toContain('event: done');
    expect(JSON.parse(/data: (.*)/.exec(last)![1])).toMatchObject({ state: 'validated', report: { valid: 1 } });
  });
});

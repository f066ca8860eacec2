import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql, type SQL } from 'drizzle-orm';
import proj4 from 'proj4';
import { authHeaderFor, openTestDatabase, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';
import { OGC_CONFORMANCE } from './routes/ogc.routes';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const GK_ZONE_40 = '+proj=tmerc +lat_0=0 +lon_0=120 +k=1 +x_0=40500000 +y_0=0 +ellps=GRS80 +units=m +no_defs';

/** OGC API – Features Part 3: CQL2 text and JSON filters, checked against the same question asked of the database directly. */
describe.each(TEST_DRIVERS)('CQL2 filters on /ogc on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  let viewer: { authorization: string };
  const items = async (layer: string, query: Record<string, string>, headers = viewer) => {
    const response = await app.request(`/ogc/collections/${layer}/items?${new URLSearchParams({ limit: '10000', ...query })}`, { headers });
    return { status: response.status, body: (await response.json()) as Json };
  };
  const count = async (from: SQL) => (await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM ${from}`))[0].n;

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    viewer = await authHeaderFor(app.request, 'viewer');
  });
  afterAll(() => database?.close());

  it('selects as the same question asked in SQL, in CQL2 text and in CQL2 JSON alike', async () => {
    const cases: Array<[string, unknown, SQL]> = [
      [`widthM > 4.5 AND surface IN ('asphalt', 'cement_concrete')`,
        { op: 'and', args: [{ op: '>', args: [{ property: 'widthM' }, 4.5] }, { op: 'in', args: [{ property: 'surface' }, ['asphalt', 'cement_concrete']] }] },
        sql`roads WHERE width_m > 4.5 AND surface IN ('asphalt', 'cement_concrete')`],
      [`buildYear BETWEEN 2010 AND 2015 OR surface IS NULL`,
        { op: 'or', args: [{ op: 'between', args: [{ property: 'buildYear' }, 2010, 2015] }, { op: 'isNull', args: [{ property: 'surface' }] }] },
        sql`roads WHERE build_year BETWEEN 2010 AND 2015 OR surface IS NULL`],
      [`NOT (roadClass = 'village') AND name LIKE '%线%'`,
        { op: 'and', args: [{ op: 'not', args: [{ op: '=', args: [{ property: 'roadClass' }, 'village'] }] }, { op: 'like', args: [{ property: 'name' }, '%线%'] }] },
        sql`roads WHERE NOT (road_class = 'village') AND name LIKE '%线%'`],
      [`widthM < buildYear`, { op: '<', args: [{ property: 'widthM' }, { property: 'buildYear' }] }, sql`roads WHERE width_m < build_year`],
      [`updatedAt > TIMESTAMP('2000-01-01T00:00:00Z')`, { op: '>', args: [{ property: 'updatedAt' }, { timestamp: '2000-01-01T00:00:00Z' }] }, sql`roads WHERE updated_at > '2000-01-01T00:00:00Z'`],
    ];
    for (const [text, json, truth] of cases) {
      const expected = await count(truth);
      const byText = await items('roads', { filter: text });
      expect(byText.status, `${text}: ${JSON.stringify(byText.body.error ?? '')}`).toBe(200);
      expect(byText.body.numberMatched, text).toBe(expected);
      const byJson = await items('roads', { filter: JSON.stringify(json), 'filter-lang': 'cql2-json' });
      expect(byJson.body.numberMatched, text).toBe(expected);
      // What GDAL 3.6 (written against the Part 3 drafts) names the same language.
      expect((await items('roads', { filter: text, 'filter-lang': 'cql-text' })).body.numberMatched, text).toBe(expected);
    }
    // Some filters must select a part: the cases are not all "everything" or "nothing".
    const [a] = await Promise.all([items('roads', { filter: cases[0][0] })]);
    expect(a.body.numberMatched).toBeGreaterThan(0);
    expect(a.body.numberMatched).toBeLessThan(await count(sql`roads`));
  });

  it('selects by a rule\'s verdict under the active profile, as a queryable named by the rule', async () => {
    const truth = (rule: string, verdict: string) => count(sql`roads t WHERE EXISTS (SELECT 1 FROM check_results r JOIN standards_profiles p ON p.id = r.profile_id AND p.is_active
      WHERE r.subject_type = 'road' AND r.subject_id = t.id::text AND r.rule_id = ${rule} AND r.verdict = ${verdict})`);
    const failing = await truth('road.width', 'fail');
    expect(failing).toBeGreaterThan(0);
    expect((await items('roads', { filter: `"road.width" = 'fail'` })).body.numberMatched).toBe(failing);
    const both = await items('roads', { filter: `road.width = 'fail' AND "road.surface" = 'pass'` });
    expect(both.body.numberMatched).toBe(await count(sql`roads t WHERE
      (SELECT r.verdict FROM check_results r JOIN standards_profiles p ON p.id = r.profile_id AND p.is_active WHERE r.subject_type = 'road' AND r.subject_id = t.id::text AND r.rule_id = 'road.width') = 'fail'
      AND (SELECT r.verdict FROM check_results r JOIN standards_profiles p ON p.id = r.profile_id AND p.is_active WHERE r.subject_type = 'road' AND r.subject_id = t.id::text AND r.rule_id = 'road.surface') = 'pass'`));
    // Facilities carry (some of) their village's verdicts: each is a queryable of theirs.
    const carried = (await (await app.request('/ogc/collections/facilities/queryables', { headers: viewer })).json()) as Json;
    const rules = Object.keys(carried.properties).filter((name) => carried.properties[name].enum?.includes('fail'));
    expect(rules.length).toBeGreaterThan(0);
    for (const rule of rules) {
      const facilities = await items('facilities', { filter: `"${rule}" = 'fail'` });
      expect(facilities.body.numberMatched, rule).toBe(await count(sql`village_facilities f WHERE EXISTS (SELECT 1 FROM check_results r JOIN standards_profiles p ON p.id = r.profile_id AND p.is_active
        WHERE r.subject_type = 'village' AND r.subject_id = f.village_code AND r.rule_id = ${rule} AND r.verdict = 'fail')`));
    }
    const wrong = await items('roads', { filter: `"road.width" = 'bad'` });
    expect(wrong.status).toBe(400);
    expect(wrong.body.error.details[0].problem).toMatch(/pass, fail, unknown/);
  });

  it('selects with spatial functions on boxes and WKT geometries, in CRS84 or in a Gauss–Krüger zone (filter-crs)', async () => {
    const [extent] = await database.rows<{ x: number; y: number }>(sql`SELECT ST_X(ST_Centroid(ST_Extent(geom))) AS x, ST_Y(ST_Centroid(ST_Extent(geom))) AS y FROM roads`);
    const [x1, y1, x2, y2] = [extent.x - 0.15, extent.y - 0.1, extent.x + 0.15, extent.y + 0.1];
    const box = sql`ST_MakeEnvelope(${x1}, ${y1}, ${x2}, ${y2}, 4326)`;
    const intersecting = await count(sql`roads WHERE ST_Intersects(geom, ${box})`);
    const within = await count(sql`roads WHERE ST_Within(geom, ${box})`);
    expect(intersecting).toBeGreaterThan(within);
    expect(within).toBeGreaterThan(0);
    expect((await items('roads', { filter: `S_INTERSECTS(geom, BBOX(${x1}, ${y1}, ${x2}, ${y2}))` })).body.numberMatched).toBe(intersecting);
    const polygon = `POLYGON((${x1} ${y1}, ${x2} ${y1}, ${x2} ${y2}, ${x1} ${y2}, ${x1} ${y1}))`;
    expect((await items('roads', { filter: `S_WITHIN(geom, ${polygon})` })).body.numberMatched).toBe(within);
    expect((await items('roads', { filter: `NOT S_WITHIN(geom, ${polygon}) AND S_INTERSECTS(geom, ${polygon})` })).body.numberMatched).toBe(intersecting - within);
    const json = { op: 's_within', args: [{ property: 'geom' }, { type: 'Polygon', coordinates: [[[x1, y1], [x2, y1], [x2, y2], [x1, y2], [x1, y1]]] }] };
    expect((await items('roads', { filter: JSON.stringify(json), 'filter-lang': 'cql2-json' })).body.numberMatched).toBe(within);

    // The same question drawn in metres of CGCS2000 zone 40, northing first: a point near the centre, its neighbourhood.
    const [e, n] = proj4('WGS84', GK_ZONE_40, [extent.x, extent.y]);
    const near = await count(sql`roads WHERE ST_Intersects(geom, ST_Transform(ST_MakeEnvelope(${e - 5000}, ${n - 5000}, ${e + 5000}, ${n + 5000}, 4528), 4326))`);
    expect(near).toBeGreaterThan(0);
    const inZone = await items('roads', { filter: `S_INTERSECTS(geom, BBOX(${n - 5000}, ${e - 5000}, ${n + 5000}, ${e + 5000}))`, 'filter-crs': 'http://www.opengis.net/def/crs/EPSG/0/4528' });
    expect(inZone.body.numberMatched).toBe(near);
  });

  it('refuses what it cannot read or does not fit the layer with a 400 naming the filter, never a 500', async () => {
    const refusals: Array<[Record<string, string>, RegExp]> = [
      [{ filter: `nothing = 1` }, /no queryable "nothing"/],
      [{ filter: `widthM = 'wide'` }, /compared as a number/],
      [{ filter: `widthM LIKE '4%'` }, /LIKE compares strings/],
      [{ filter: `widthM == 4` }, /col 9/],
      [{ filter: `geom = 1` }, /spatial function/],
      [{ filter: `S_INTERSECTS(widthM, BBOX(1,2,3,4))` }, /not a geometry/],
      [{ filter: `S_INTERSECTS(geom, POLYGON((1 2, 3 4, 5 6)))` }, /rings must close/],
      [{ filter: '{"op": "=", "args": [{"property": "widthM"}]}', 'filter-lang': 'cql2-json' }, /takes 2 arguments/],
      [{ filter: '{not json', 'filter-lang': 'cql2-json' }, /JSON/],
      [{ filter: `widthM > 1`, 'filter-lang': 'ecql' }, /cql2-text or cql2-json/],
      [{ filter: `widthM > 1`, 'filter-crs': 'EPSG:9999' }, /CRS/],
      [{ filter: `name = '${'x'.repeat(20_001)}'` }, /at most 20000/],
      [{ filter: `${'('.repeat(600)}widthM > 1${')'.repeat(600)}` }, /nested deeper/],
      [{ filter: Array.from({ length: 1500 }, () => 'a=1').join(' OR ') }, /more than 1000/],
    ];
    // As deep as the limit allows still reads.
    expect((await items('roads', { filter: `${'('.repeat(64)}widthM > 1${')'.repeat(64)}` })).status).toBe(200);
    for (const [query, problem] of refusals) {
      const refused = await items('roads', query);
      expect(refused.status, JSON.stringify(query).slice(0, 80)).toBe(400);
      expect(refused.body.error.details.map((d: Json) => `${d.field}: ${d.problem}`).join('; '), JSON.stringify(query).slice(0, 80)).toMatch(problem);
    }
  });

  it('binds every value: a quote or a statement inside a string stays a string', async () => {
    const before = await count(sql`roads`);
    const sneaky = await items('roads', { filter: `name = 'x''; DROP TABLE roads; --'` });
    expect(sneaky.status).toBe(200);
    expect(sneaky.body.numberMatched).toBe(0);
    expect((await items('roads', { filter: `"name; DROP TABLE roads" = 'x'` })).status).toBe(400);
    expect(await count(sql`roads`)).toBe(before);
  });

  it('keeps household personal data out of filters for those who may not see it, and lists it only to those who may', async () => {
    const refused = await items('houses', { filter: `headName LIKE '张%'` });
    expect(refused.status).toBe(403);
    const housing = await authHeaderFor(app.request, 'editor-housing');
    const allowed = await items('houses', { filter: `headName LIKE '张%'` }, housing);
    expect(allowed.status).toBe(200);
    expect(allowed.body.numberMatched).toBe(await count(sql`houses WHERE head_name LIKE '张%'`));
    const forViewer = (await (await app.request('/ogc/collections/houses/queryables', { headers: viewer })).json()) as Json;
    const forHousing = (await (await app.request('/ogc/collections/houses/queryables', { headers: housing })).json()) as Json;
    expect(Object.keys(forViewer.properties)).not.toContain('headName');
    expect(Object.keys(forHousing.properties)).toContain('headName');
  });

  it('gives each feature its verdicts as properties, which a write sends back without harm', async () => {
    const page = await items('roads', { filter: `"road.width" = 'fail'`, limit: '5' });
    expect(page.body.features.length).toBeGreaterThan(0);
    for (const feature of page.body.features) {
      expect(feature.properties['road.width']).toBe('fail');
      expect(['pass', 'fail', 'unknown', null]).toContain(feature.properties['road.surface']);
    }
    const facility = (await items('facilities', { limit: '1' })).body.features[0];
    const [truth] = await database.rows<{ verdict: string }>(sql`SELECT r.verdict FROM check_results r JOIN standards_profiles p ON p.id = r.profile_id AND p.is_active
      WHERE r.subject_type = 'village' AND r.subject_id = ${facility.properties.villageCode} AND r.rule_id = 'village.clinic'`);
    expect(facility.properties['village.clinic'] ?? null).toBe(truth?.verdict ?? null);
    // QGIS and GDAL write back what they read: the verdicts in it are judged, not taken.
    const editor = await authHeaderFor(app.request, 'editor-roads');
    const road = page.body.features[0];
    const one = await app.request(`/ogc/collections/roads/items/${road.id}`, { headers: viewer });
    const read = (await one.json()) as Json;
    expect(read.properties['road.width']).toBe('fail');
    const { id, version, updatedAt, updatedBy, ...editable } = read.properties; // eslint-disable-line @typescript-eslint/no-unused-vars
    const written = await app.request(`/ogc/collections/roads/items/${road.id}`, {
      method: 'PUT', headers: { ...editor, 'content-type': 'application/geo+json', 'if-match': one.headers.get('etag')! },
      body: JSON.stringify({ type: 'Feature', geometry: read.geometry, properties: { ...editable, 'road.width': 'pass' } }),
    });
    expect(written.status, await written.clone().text()).toBe(200);
    expect(((await (await app.request(`/ogc/collections/roads/items/${road.id}`, { headers: viewer })).json()) as Json).properties['road.width']).toBe('fail');
  });

  it('lists the verdicts and the geometry among the queryables, and declares each class it serves', async () => {
    const roads = (await (await app.request('/ogc/collections/roads/queryables', { headers: viewer })).json()) as Json;
    expect(roads.properties['road.width']).toMatchObject({ type: 'string', enum: ['pass', 'fail', 'unknown'] });
    expect(roads.properties.geom).toMatchObject({ format: 'geometry-linestring', 'x-ogc-role': 'primary-geometry' });
    expect(JSON.stringify(roads.properties.widthM)).toContain('"number"');
    const conformance = (await (await app.request('/ogc/conformance', { headers: viewer })).json()) as Json;
    expect(conformance.conformsTo).toEqual(OGC_CONFORMANCE);
    for (const part of ['ogcapi-features-3/1.0/conf/filter', 'ogcapi-features-3/1.0/conf/features-filter', 'cql2/1.0/conf/cql2-text', 'cql2/1.0/conf/cql2-json', 'cql2/1.0/conf/advanced-comparison-operators', 'cql2/1.0/conf/spatial-functions']) {
      expect(conformance.conformsTo).toContain(`http://www.opengis.net/spec/${part}`);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { unzipSync, zipSync } from 'fflate';
import gcoord from 'gcoord';
import iconv from 'iconv-lite';
import { readSource } from './read-source';
import { writeShapefileZip, shapefileFieldNames } from './shapefile-zip';
import { writeCsv } from './write-csv';
import { parseCoordinate } from './read-csv';
import { jsonDepth } from './read-geojson';
import { SourceError } from './source';

const utf8 = (text: string) => new TextEncoder().encode(text);
const gbk = (text: string) => new Uint8Array(iconv.encode(text, 'gbk'));

/** Metres between two WGS-84 positions (equirectangular; exact enough under a kilometre). */
const metres = ([a, b]: number[], [c, d]: number[]) => Math.hypot((c - a) * Math.cos((b * Math.PI) / 180), d - b) * 111_320;

const POINTS = [
  { name: '大沁他拉镇卫生院', lon: 120.6553, lat: 42.8466, rooms: ['诊断室', '治疗室'], area: 82.5, open: true },
  { name: '八仙筒镇水厂', lon: 120.6421, lat: 43.1532, rooms: [], area: 60, open: false },
  { name: '青龙山嘎查', lon: 121.2107, lat: 42.3589, rooms: null, area: null, open: null },
];

async function expectSourceError(work: Promise<unknown>, code: string) {
  const error = await work.then(() => null, (e: unknown) => e);
  expect(error).toBeInstanceOf(SourceError);
  expect((error as SourceError).code).toBe(code);
}

describe('reading GeoJSON', () => {
  it('reads a FeatureCollection, keeping feature ids as a property', async () => {
    const text = JSON.stringify({ type: 'FeatureCollection', features: POINTS.map((p, i) => ({ type: 'Feature', id: `F${i}`, geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { name: p.name } })) });
    const table = await readSource('sites.geojson', utf8(text));
    expect(table).toMatchObject({ format: 'geojson', encoding: 'utf-8', frame: 'wgs84', frameSource: 'default' });
    expect(table.fields).toEqual(['name', 'id']);
    expect(table.features[1]).toMatchObject({ row: 2, properties: { name: '八仙筒镇水厂', id: 'F1' }, geometry: { type: 'Point', coordinates: [120.6421, 43.1532] } });
  });

  it('refuses nesting deeper than the limit, too many features, and what is not GeoJSON', async () => {
    expect(jsonDepth('{"a":[[["[[[[not counted]]]]"]]]}')).toBe(4);
    const deep = `{"type":"FeatureCollection","features":[{"type":"Feature","properties":{"x":${'['.repeat(40)}${']'.repeat(40)}},"geometry":null}]}`;
    await expectSourceError(readSource('deep.geojson', utf8(deep)), 'too_deep');
    const many = JSON.stringify({ type: 'FeatureCollection', features: Array.from({ length: 11 }, () => ({ type: 'Feature', geometry: { type: 'Point', coordinates: [120, 42] }, properties: {} })) });
    await expectSourceError(readSource('many.geojson', utf8(many), { limits: { maxFeatures: 10 } }), 'too_many_features');
    await expectSourceError(readSource('bad.geojson', utf8('{"type": "FeatureCollection", ')), 'invalid_json');
    await expectSourceError(readSource('topo.json', utf8('{"type": "Topology"}')), 'not_geojson');
    await expectSourceError(readSource('empty.geojson', utf8('{"type": "FeatureCollection", "features": []}')), 'empty_file');
    await expectSourceError(readSource('data.xlsx', new Uint8Array([1, 2, 3])), 'unknown_format');
  });
});

describe('reading CSV', () => {
  it('detects GBK, the delimiter and the 经度/纬度 columns, and converts GCJ-02 points to within a metre of their WGS-84 truth', async () => {
    const rows = POINTS.map((p) => {
      const [lon, lat] = gcoord.transform([p.lon, p.lat], gcoord.WGS84, gcoord.GCJ02) as number[];
      return `${p.name};${lon.toFixed(7)};${lat.toFixed(7)};${p.area ?? ''}`;
    });
    const table = await readSource('水源.csv', gbk(['名称;经度;纬度;面积', ...rows].join('\r\n')), { frame: 'gcj02' });
    expect(table).toMatchObject({ format: 'csv', encoding: 'gbk', encodingSource: 'detected', frame: 'gcj02', frameSource: 'chosen', csv: { delimiter: ';', geometryFields: ['经度', '纬度'] } });
    expect(table.fields).toEqual(['名称', '面积']);
    table.features.forEach((f, i) => {
      expect(f.properties['名称']).toBe(POINTS[i].name);
      const offset = metres(f.geometry!.coordinates as number[], [POINTS[i].lon, POINTS[i].lat]);
      expect(offset, POINTS[i].name).toBeLessThan(1);
    });
    // The same file read as WGS-84 is hundreds of metres off: the conversion did something.
    const unconverted = await readSource('水源.csv', gbk(['名称;经度;纬度;面积', ...rows].join('\r\n')));
    expect(metres(unconverted.features[0].geometry!.coordinates as number[], [POINTS[0].lon, POINTS[0].lat])).toBeGreaterThan(100);
  });

  it('reads WKT columns, degrees-minutes-seconds, and says which rows have no usable coordinates', async () => {
    expect(parseCoordinate(`120°30'36"E`)).toBeCloseTo(120.51, 6);
    expect(parseCoordinate('42度51分')).toBeCloseTo(42.85, 6);
    expect(parseCoordinate('abc')).toBeNull();
    const wkt = await readSource('roads.csv', utf8('name,wkt\n"村路","LINESTRING (120.1 42.1, 120.2 42.2)"\n坏,"LINESTRING (oops)"\n'));
    expect(wkt.features[0].geometry).toEqual({ type: 'LineString', coordinates: [[120.1, 42.1], [120.2, 42.2]] });
    expect(wkt.features[1].geometry).toBeNull();
    expect(wkt.features[1].geometryProblem).toMatch(/WKT/);
    const lonlat = await readSource('p.csv', utf8('lng,lat,n\n120.5,42.5,a\n,42.5,b\n'));
    expect(lonlat.features[1].geometryProblem).toMatch(/Longitude or latitude/);
    await expectSourceError(readSource('p.csv', utf8('a,b\n1,2\n')), 'no_geometry_columns');
    await expectSourceError(readSource('p.csv', utf8('lng,lat\n1,2\n'), { lonField: 'x' }), 'unknown_field');
    await expectSourceError(readSource('p.csv', utf8('lng,lat\n1,2\n'), { encoding: 'klingon' }), 'unknown_encoding');
  });
});

describe('KML', () => {
  it('reads placemarks with their names and extended data', async () => {
    const kml = `<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document>
      <Placemark><name>水源井</name><ExtendedData><Data name="容量"><value>120</value></Data></ExtendedData><Point><coordinates>120.65,42.84,0</coordinates></Point></Placemark>
      <Placemark><name>村路</name><LineString><coordinates>120.1,42.1 120.2,42.2</coordinates></LineString></Placemark>
    </Document></kml>`;
    const table = await readSource('survey.kml', utf8(kml));
    expect(table.format).toBe('kml');
    expect(table.features[0]).toMatchObject({ properties: { name: '水源井', 容量: '120' }, geometry: { type: 'Point', coordinates: [120.65, 42.84] } });
    expect(table.features[1].geometry).toEqual({ type: 'LineString', coordinates: [[120.1, 42.1], [120.2, 42.2]] });
    await expectSourceError(readSource('x.kml', utf8('<html><body/></html>')), 'invalid_kml');
  });
});

describe('Shapefile', () => {
  const names = shapefileFieldNames(['name', 'clinicRooms', 'clinicAreaM2', 'clinicAreaM3', 'open']);
  const columns = [
    { name: names[0], values: POINTS.map((p) => p.name) },
    { name: names[1], values: POINTS.map((p) => p.rooms) },
    { name: names[2], values: POINTS.map((p) => p.area) },
    { name: names[3], values: POINTS.map(() => 1) },
    { name: names[4], values: POINTS.map((p) => p.open) },
  ];
  const geometries = POINTS.map((p) => ({ type: 'Point', coordinates: [p.lon, p.lat] }));

  it('gives DBF fields ASCII names of at most ten characters, unique', () => {
    expect(names).toEqual(['name', 'clinicRoom', 'clinicArea', 'clinicAre1', 'open']);
  });

  it('round-trips points and attributes in GBK and in UTF-8, with .cpg and .prj', async () => {
    for (const encoding of ['gbk', 'utf-8'] as const) {
      const zip = writeShapefileZip('facilities', geometries, columns, encoding);
      expect(Object.keys(unzipSync(zip)).sort()).toEqual(['facilities.cpg', 'facilities.dbf', 'facilities.prj', 'facilities.shp', 'facilities.shx']);
      const table = await readSource('facilities.zip', zip);
      expect(table).toMatchObject({ format: 'shapefile', encoding, encodingSource: 'cpg', frame: 'wgs84', frameSource: 'prj' });
      expect(table.fields).toEqual(names);
      table.features.forEach((f, i) => {
        expect(f.geometry).toEqual(geometries[i]);
        expect(f.properties).toEqual({ name: POINTS[i].name, clinicRoom: POINTS[i].rooms?.length ? POINTS[i].rooms!.join(',') : null, clinicArea: POINTS[i].area, clinicAre1: 1, open: POINTS[i].open });
      });
    }
  });

  it('reads Chinese field names of a GBK table (路名, 路面, 宽度) with no .cpg and no code page', async () => {
    const line = { type: 'LineString', coordinates: [[120.1, 42.1], [120.2, 42.2]] };
    const files = unzipSync(writeShapefileZip('roads', [line], [{ name: '路名', values: ['东西村路'] }, { name: '路面', values: ['水泥'] }, { name: '宽度', values: [4.5] }], 'gbk'));
    delete files['roads.cpg'];
    files['roads.dbf'][29] = 0;
    const table = await readSource('roads.zip', zipSync(files));
    expect(table).toMatchObject({ encoding: 'gbk', fields: ['路名', '路面', '宽度'] });
    expect(table.features[0].properties).toEqual({ 路名: '东西村路', 路面: '水泥', 宽度: 4.5 });
  });

  it('reads a GBK shapefile with no .cpg and no code page in its header as GBK, and says it guessed', async () => {
    const files = unzipSync(writeShapefileZip('houses', geometries, columns, 'gbk'));
    delete files['houses.cpg'];
    files['houses.dbf'][29] = 0; // no language driver id either
    const table = await readSource('houses.zip', zipSync(files));
    expect(table).toMatchObject({ encoding: 'gbk', encodingSource: 'detected' });
    expect(table.features.map((f) => f.properties.name)).toEqual(POINTS.map((p) => p.name));
    expect(table.notes.join()).toMatch(/GBK/);
    // The header's code page is enough when it is there.
    files['houses.dbf'][29] = 0x4d;
    expect(await readSource('houses.zip', zipSync(files))).toMatchObject({ encoding: 'gbk', encodingSource: 'dbf-header' });
    // And the user's choice wins.
    expect(await readSource('houses.zip', zipSync(files), { encoding: 'utf-8' })).toMatchObject({ encoding: 'utf-8', encodingSource: 'chosen' });
  });

  it('writes lines and reads them back; converts a projected .prj (CGCS2000 Gauss-Kruger) to longitude and latitude', async () => {
    const line = { type: 'LineString', coordinates: [[120.1, 42.1], [120.15, 42.12], [120.2, 42.2]] };
    const zip = writeShapefileZip('roads', [line, null], [{ name: 'name', values: ['村路', '无几何'] }], 'utf-8');
    const table = await readSource('roads.zip', zip);
    expect(table.features[0].geometry).toEqual(line);
    expect(table.features[1]).toMatchObject({ geometry: null, geometryProblem: expect.stringMatching(/Null shape/) });

    const files = unzipSync(writeShapefileZip('gk', [{ type: 'Point', coordinates: [40_459_200, 4_744_000] }], [{ name: 'n', values: ['x'] }], 'utf-8'));
    files['gk.prj'] = utf8('PROJCS["CGCS2000_3_Degree_GK_Zone_40",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",40500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]');
    const projected = await readSource('gk.zip', zipSync(files));
    expect(projected.frame).toBe('projected');
    const [lon, lat] = projected.features[0].geometry!.coordinates as number[];
    expect(lon).toBeGreaterThan(119.4);
    expect(lon).toBeLessThan(119.6);
    expect(lat).toBeGreaterThan(42.7);
    expect(lat).toBeLessThan(42.9);
  });

  it('refuses a zip without a shapefile, without its .dbf, and what is not a zip', async () => {
    await expectSourceError(readSource('x.zip', zipSync({ 'readme.txt': utf8('hi') })), 'no_shapefile');
    const files = unzipSync(writeShapefileZip('a', geometries, columns, 'utf-8'));
    delete files['a.dbf'];
    await expectSourceError(readSource('x.zip', zipSync(files)), 'no_dbf');
    await expectSourceError(readSource('x.zip', utf8('PK not really')), 'invalid_zip');
  });
});

describe('writing CSV', () => {
  it('writes WKT or longitude/latitude columns that read back the same', async () => {
    const features = POINTS.map((p) => ({ geometry: { type: 'Point', coordinates: [p.lon, p.lat] }, properties: { name: p.name, rooms: p.rooms, area: p.area } }));
    for (const geometry of ['wkt', 'lonlat'] as const) {
      const csv = writeCsv(features, ['name', 'rooms', 'area'], geometry);
      const table = await readSource('out.csv', utf8(csv));
      expect(table.encodingSource).toBe('bom');
      table.features.forEach((f, i) => {
        expect(f.geometry).toEqual(features[i].geometry);
        expect(f.properties.name).toBe(POINTS[i].name);
      });
    }
  });
});

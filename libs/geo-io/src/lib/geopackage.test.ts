import { describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { gpkgBlob, readSource, SourceError, writeGeoPackage } from '../index';

/** EPSG:4528 (CGCS2000 / 3-degree Gauss-Kruger zone 40) as GDAL writes it into gpkg_spatial_ref_sys. */
const ZONE_40_WKT = 'PROJCS["CGCS2000 / 3-degree Gauss-Kruger zone 40", GEOGCS["China Geodetic Coordinate System 2000", DATUM["China_2000", SPHEROID["CGCS2000",6378137,298.257222101, AUTHORITY["EPSG","1024"]], AUTHORITY["EPSG","1043"]], PRIMEM["Greenwich",0, AUTHORITY["EPSG","8901"]], UNIT["degree",0.0174532925199433, AUTHORITY["EPSG","9122"]], AUTHORITY["EPSG","4490"]], PROJECTION["Transverse_Mercator"], PARAMETER["latitude_of_origin",0], PARAMETER["central_meridian",120], PARAMETER["scale_factor",1], PARAMETER["false_easting",40500000], PARAMETER["false_northing",0], UNIT["metre",1, AUTHORITY["EPSG","9001"]], AXIS["Northing",NORTH], AXIS["Easting",EAST], AUTHORITY["EPSG","4528"]]';

/** A GeoPackage as QGIS leaves one: two feature layers, one of them drawn in a Gauss–Krüger zone. */
async function countyPackage(): Promise<Uint8Array> {
  const one = await writeGeoPackage('wells', [
    { geometry: { type: 'Point', coordinates: [120.6553, 42.8466] }, properties: { name: '一号井', depth: 120.5, piped: true } },
    { geometry: { type: 'Point', coordinates: [120.4071, 42.9308] }, properties: { name: "O'Brien well", depth: 80, piped: false } },
  ], ['name', 'depth', 'piped']);
  const SQL = await initSqlJs();
  const db = new SQL.Database(one);
  db.run("INSERT INTO gpkg_spatial_ref_sys VALUES ('CGCS2000 / 3-degree Gauss-Kruger zone 40', 4528, 'EPSG', 4528, ?, NULL)", [ZONE_40_WKT]);
  db.exec('CREATE TABLE "道路" (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom LINESTRING, "名称" TEXT, "路面宽度" REAL)');
  // Easting first, as GDAL stores projected coordinates: 120.75 E, 42.8 N and 120.76 E, 42.81 N in zone 40 (gdaltransform).
  db.run('INSERT INTO "道路" (geom, "名称", "路面宽度") VALUES (?, ?, ?)', [gpkgBlob({ type: 'LineString', coordinates: [[40561353.8409778, 4740774.57083536], [40562157.2, 4741890.6]] }, 4528), '通村路', 4.5]);
  db.run("INSERT INTO gpkg_contents (table_name, data_type, identifier, srs_id) VALUES ('道路', 'features', '道路', 4528)");
  db.run("INSERT INTO gpkg_geometry_columns VALUES ('道路', 'geom', 'LINESTRING', 4528, 0, 0)");
  const bytes = db.export();
  db.close();
  return bytes;
}

describe('GeoPackage in and out', () => {
  it('reads the first layer unless one is chosen, says which layers there are, and keeps yes / no as booleans', async () => {
    const bytes = await countyPackage();
    const first = await readSource('县数据.gpkg', bytes);
    expect(first.format).toBe('gpkg');
    expect(first.sheet).toEqual({ name: 'wells', names: ['wells', '道路'] });
    expect(first.notes.join(' ')).toContain('道路');
    expect(first.fields).toEqual(['name', 'depth', 'piped']);
    expect(first.features.map((f) => f.properties)).toEqual([{ name: '一号井', depth: 120.5, piped: true }, { name: "O'Brien well", depth: 80, piped: false }]);
    expect(first.features[0].geometry).toEqual({ type: 'Point', coordinates: [120.6553, 42.8466] });
  });

  it('converts a layer drawn in a Gauss–Krüger zone to longitude / latitude by the WKT the package holds', async () => {
    const roads = await readSource('县数据.gpkg', await countyPackage(), { sheet: '道路' });
    expect(roads.frame).toBe('projected');
    expect(roads.fields).toEqual(['名称', '路面宽度']);
    const [start] = (roads.features[0].geometry!.coordinates as number[][]);
    expect(start[0]).toBeCloseTo(120.75, 6);
    expect(start[1]).toBeCloseTo(42.8, 6);
  });

  it('refuses a layer it does not hold, a damaged file and a database that is no GeoPackage, with reasons', async () => {
    const bytes = await countyPackage();
    await expect(readSource('县数据.gpkg', bytes, { sheet: '水源' })).rejects.toMatchObject({ code: 'unknown_sheet', message: expect.stringContaining('道路') });
    await expect(readSource('坏.gpkg', bytes.slice(0, 2000))).rejects.toBeInstanceOf(SourceError);
    const SQL = await initSqlJs();
    const plain = new SQL.Database();
    plain.exec('CREATE TABLE t (a INTEGER)');
    await expect(readSource('other.gpkg', plain.export())).rejects.toMatchObject({ code: 'invalid_geopackage' });
    await expect(readSource('many.gpkg', bytes, { limits: { maxFeatures: 1 } })).rejects.toMatchObject({ code: 'too_many_features' });
    // A file whose metadata is a view that never ends is refused without running it.
    const hostile = new SQL.Database();
    hostile.exec(`CREATE TABLE gpkg_spatial_ref_sys (srs_id INTEGER); CREATE TABLE gpkg_geometry_columns (table_name TEXT);
      CREATE VIEW gpkg_contents AS WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r) SELECT 'x' AS table_name, 'features' AS data_type FROM r`);
    await expect(readSource('hostile.gpkg', hostile.export())).rejects.toMatchObject({ code: 'invalid_geopackage' });
  });
});

import initSqlJs, { type Database, type SqlJsStatic } from 'sql.js';
import wkx from 'wkx';
import { importerWords } from './words';
import { mapPositions } from './frames';
import { SourceError, type Geometry, type ReadLimits, type SourceFeature } from './source';

/**
 * GeoPackage (OGC 12-128r18), QGIS's default format, in and out. The file is an SQLite database read
 * and written by sql.js (SQLite compiled to WebAssembly, no native build); geometries are WKB read and
 * written by wkx. What is ours is only the GeoPackage geometry header (§2.1.3: "GP", version, flags,
 * SRS id, an optional envelope) in front of each WKB, and the three metadata tables' definitions.
 */

let sqlite: Promise<SqlJsStatic> | null = null;
const openSqlite = () => (sqlite ??= initSqlJs());

/** The SQLite header every database file starts with. */
export const isSqlite = (bytes: Uint8Array) => new TextDecoder().decode(bytes.subarray(0, 15)) === 'SQLite format 3';

const quote = (name: string) => `"${name.replace(/"/g, '""')}"`;
/** Bytes of the envelope after the header, by the flags' envelope indicator (§2.1.3.1.1). */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64];

/** A GeoPackage geometry blob as GeoJSON; null for an empty geometry. */
export function gpkgGeometry(blob: Uint8Array): Geometry | null {
  if (blob[0] !== 0x47 || blob[1] !== 0x50) throw new Error('not a GeoPackage geometry (no "GP" header)');
  const flags = blob[3];
  if (flags & 0x10) return null;
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0x07];
  if (envelope === undefined) throw new Error('the geometry header names an unknown envelope');
  return wkx.Geometry.parse(Buffer.from(blob.buffer, blob.byteOffset + 8 + envelope, blob.byteLength - 8 - envelope)).toGeoJSON() as Geometry;
}

/** GeoJSON as a GeoPackage geometry blob: little-endian header, no envelope, then WKB. */
export function gpkgBlob(geometry: Geometry, srsId: number): Uint8Array {
  const wkb = wkx.Geometry.parseGeoJSON(geometry).toWkb();
  const header = Buffer.alloc(8);
  header.write('GP', 0, 'ascii');
  header[2] = 0; // version 1
  header[3] = 0x01; // little-endian, no envelope, not empty, standard type
  header.writeInt32LE(srsId, 4);
  return Buffer.concat([header, wkb]);
}

/** What one feature table of a GeoPackage holds. */
export interface GeoPackageLayer {
  features: SourceFeature[];
  fields: string[];
  /** The layer read and every feature layer the file holds (to choose another). */
  layer: { name: string; names: string[] };
  /** The coordinate system's WKT (for projected ones), or the frame it names. */
  srs: { id: number; definition: string };
  notes: string[];
}

function rows<T>(db: Database, query: string, params: Array<string | number> = []): T[] {
  const statement = db.prepare(query, params);
  const out: T[] = [];
  while (statement.step()) out.push(statement.getAsObject() as T);
  statement.free();
  return out;
}

/** Reads the chosen feature table of a GeoPackage (the first by name when none is chosen). */
export async function readGeoPackage(bytes: Uint8Array, chosen: string | undefined, limits: ReadLimits): Promise<GeoPackageLayer> {
  const SQL = await openSqlite();
  let db: Database;
  try {
    db = new SQL.Database(bytes);
    db.exec('SELECT 1 FROM sqlite_master LIMIT 1');
  } catch {
    throw new SourceError('invalid_geopackage', importerWords('invalidGeoPackage'));
  }
  try {
    // Only tables are read: a view (a query the file brings) could run for ever on the server's one thread.
    const tables = new Set(rows<{ name: string }>(db, "SELECT name FROM sqlite_master WHERE type = 'table'").map((r) => r.name));
    if (!['gpkg_contents', 'gpkg_geometry_columns', 'gpkg_spatial_ref_sys'].every((t) => tables.has(t))) throw new SourceError('invalid_geopackage', importerWords('invalidGeoPackage'));
    const names = rows<{ table_name: string }>(db, "SELECT table_name FROM gpkg_contents WHERE data_type = 'features' ORDER BY table_name").map((r) => r.table_name).filter((t) => tables.has(t));
    if (names.length === 0) throw new SourceError('empty_file', importerWords('noGeoPackageLayers'));
    const name = chosen ?? names[0];
    if (!names.includes(name)) throw new SourceError('unknown_sheet', importerWords('unknownGeoPackageLayer', { layer: name, layers: names.join('、') }));
    const [geometryColumn] = rows<{ column_name: string; srs_id: number }>(db, 'SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE table_name = ?', [name]);
    if (!geometryColumn) throw new SourceError('invalid_geopackage', importerWords('invalidGeoPackage'));
    const [srs] = rows<{ definition: string }>(db, 'SELECT definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [geometryColumn.srs_id]);
    const columns = rows<{ name: string; pk: number; type: string }>(db, `PRAGMA table_info(${quote(name)})`);
    const fields = columns.filter((c) => c.name !== geometryColumn.column_name && !(c.pk && /^INT/i.test(c.type))).map((c) => c.name);
    const booleans = new Set(columns.filter((c) => /^BOOL/i.test(c.type)).map((c) => c.name));
    const [{ n }] = rows<{ n: number }>(db, `SELECT count(*) AS n FROM ${quote(name)}`);
    if (n > limits.maxFeatures) throw new SourceError('too_many_features', importerWords('tooManyFeatures', { n, max: limits.maxFeatures }));
    const features: SourceFeature[] = [];
    const statement = db.prepare(`SELECT * FROM ${quote(name)}`);
    while (statement.step()) {
      const row = statement.getAsObject();
      const blob = row[geometryColumn.column_name];
      // SQLite keeps a BOOLEAN as 0 / 1: given back as the yes / no it was.
      const value = (f: string) => (booleans.has(f) && (row[f] === 0 || row[f] === 1) ? row[f] === 1 : row[f] ?? null);
      const feature: SourceFeature = { row: features.length + 1, geometry: null, properties: Object.fromEntries(fields.map((f) => [f, value(f)])) };
      if (blob instanceof Uint8Array) {
        try {
          feature.geometry = gpkgGeometry(blob);
        } catch (e) {
          feature.geometryProblem = (e as Error).message;
        }
      }
      features.push(feature);
    }
    statement.free();
    const notes = names.length > 1 ? [importerWords('geoPackageLayerChosen', { layer: name, layers: names.join('、') })] : [];
    return { features, fields, layer: { name, names }, srs: { id: geometryColumn.srs_id, definition: srs?.definition ?? '' }, notes };
  } finally {
    db.close();
  }
}

/** The GeoPackage type of a column from the values written to it. */
function columnType(values: unknown[]): string {
  const present = values.filter((v) => v !== null && v !== undefined);
  if (present.length && present.every((v) => typeof v === 'boolean')) return 'BOOLEAN';
  if (present.length && present.every((v) => typeof v === 'number' && Number.isInteger(v))) return 'INTEGER';
  if (present.length && present.every((v) => typeof v === 'number')) return 'DOUBLE';
  return 'TEXT';
}

const cell = (value: unknown) => {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number' || typeof value === 'string') return value;
  return Array.isArray(value) ? value.join(',') : JSON.stringify(value);
};

const WGS84_DEFINITION = 'GEOGCS["WGS 84",DATUM["WGS_1984",SPHEROID["WGS 84",6378137,298.257223563,AUTHORITY["EPSG","7030"]],AUTHORITY["EPSG","6326"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AXIS["Latitude",NORTH],AXIS["Longitude",EAST],AUTHORITY["EPSG","4326"]]';

/**
 * Writes features (WGS-84, longitude first) as a GeoPackage with one feature table: the metadata tables
 * the standard requires, the layer's extent, and the fields typed from their values.
 */
export async function writeGeoPackage(table: string, features: Array<{ geometry: Geometry; properties: Record<string, unknown> }>, fields: string[]): Promise<Uint8Array> {
  const SQL = await openSqlite();
  const db = new SQL.Database();
  try {
    db.exec(`
      PRAGMA application_id = 1196444487;
      PRAGMA user_version = 10200;
      CREATE TABLE gpkg_spatial_ref_sys (srs_name TEXT NOT NULL, srs_id INTEGER NOT NULL PRIMARY KEY, organization TEXT NOT NULL, organization_coordsys_id INTEGER NOT NULL, definition TEXT NOT NULL, description TEXT);
      CREATE TABLE gpkg_contents (table_name TEXT NOT NULL PRIMARY KEY, data_type TEXT NOT NULL, identifier TEXT UNIQUE, description TEXT DEFAULT '', last_change DATETIME NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%fZ','now')), min_x DOUBLE, min_y DOUBLE, max_x DOUBLE, max_y DOUBLE, srs_id INTEGER, CONSTRAINT fk_gc_r_srs_id FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys(srs_id));
      CREATE TABLE gpkg_geometry_columns (table_name TEXT NOT NULL, column_name TEXT NOT NULL, geometry_type_name TEXT NOT NULL, srs_id INTEGER NOT NULL, z TINYINT NOT NULL, m TINYINT NOT NULL, CONSTRAINT pk_geom_cols PRIMARY KEY (table_name, column_name), CONSTRAINT fk_gc_tn FOREIGN KEY (table_name) REFERENCES gpkg_contents(table_name), CONSTRAINT fk_gc_srs FOREIGN KEY (srs_id) REFERENCES gpkg_spatial_ref_sys (srs_id));
      INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined cartesian SRS', -1, 'NONE', -1, 'undefined', 'undefined cartesian coordinate reference system');
      INSERT INTO gpkg_spatial_ref_sys VALUES ('Undefined geographic SRS', 0, 'NONE', 0, 'undefined', 'undefined geographic coordinate reference system');`);
    db.run("INSERT INTO gpkg_spatial_ref_sys VALUES ('WGS 84 geodetic', 4326, 'EPSG', 4326, ?, 'longitude/latitude coordinates in decimal degrees on the WGS 84 spheroid')", [WGS84_DEFINITION]);
    const types = [...new Set(features.map((f) => f.geometry.type.toUpperCase()))];
    const geometryType = types.length === 1 ? types[0] : 'GEOMETRY';
    const typed = fields.map((field) => ({ field, type: columnType(features.map((f) => f.properties[field])) }));
    db.exec(`CREATE TABLE ${quote(table)} (fid INTEGER PRIMARY KEY AUTOINCREMENT NOT NULL, geom ${geometryType}${typed.map((t) => `, ${quote(t.field)} ${t.type}`).join('')})`);
    const insert = db.prepare(`INSERT INTO ${quote(table)} (geom${typed.map((t) => `, ${quote(t.field)}`).join('')}) VALUES (?${typed.map(() => ', ?').join('')})`);
    let [minX, minY, maxX, maxY] = [Infinity, Infinity, -Infinity, -Infinity];
    db.exec('BEGIN');
    for (const feature of features) {
      mapPositions(feature.geometry, ([x, y]) => {
        [minX, minY, maxX, maxY] = [Math.min(minX, x), Math.min(minY, y), Math.max(maxX, x), Math.max(maxY, y)];
        return [x, y];
      });
      insert.run([gpkgBlob(feature.geometry, 4326), ...typed.map((t) => cell(feature.properties[t.field]))]);
    }
    db.exec('COMMIT');
    insert.free();
    db.run('INSERT INTO gpkg_contents (table_name, data_type, identifier, min_x, min_y, max_x, max_y, srs_id) VALUES (?, ?, ?, ?, ?, ?, ?, 4326)', [
      table, 'features', table, ...(features.length ? [minX, minY, maxX, maxY] : [0, 0, 0, 0]),
    ]);
    db.run('INSERT INTO gpkg_geometry_columns VALUES (?, ?, ?, 4326, 0, 0)', [table, 'geom', geometryType]);
    return db.export();
  } finally {
    db.close();
  }
}

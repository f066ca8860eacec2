import { frameOfPrj, hasZ, toWgs84 } from './frames';
import { readCsvText } from './read-csv';
import { readGeoJsonText } from './read-geojson';
import { readKmlText } from './read-kml';
import { readShapefileZip, unzip } from './shapefile-zip';
import { readSheet } from './read-sheet';
import { isSqlite, readGeoPackage } from './geopackage';
import { importerWords } from './words';
import { decodeText } from './text-encoding';
import { DEFAULT_LIMITS, SourceError, type Frame, type ReadOptions, type SourceFormat, type SourceTable } from './source';

/** A legacy Excel workbook (.xls): an OLE compound file. */
const isXls = (b: Uint8Array) => b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0;
/** An .xlsx sent under another name: a zip whose first entry is the workbook's content types or its folders. */
function isXlsxZip(b: Uint8Array): boolean {
  if (b[0] !== 0x50 || b[1] !== 0x4b) return false;
  const nameLength = b[26] | (b[27] << 8);
  const first = new TextDecoder().decode(b.subarray(30, 30 + nameLength));
  return first === '[Content_Types].xml' || first.startsWith('xl/') || first.startsWith('docProps/');
}

/** The format of a file, by its name and, failing that, by its first bytes. */
export function detectFormat(fileName: string, bytes: Uint8Array): SourceFormat | 'zip' {
  const ext = fileName.slice(fileName.lastIndexOf('.') + 1).toLowerCase();
  if (ext === 'xlsx' || ext === 'xlsm' || ext === 'xls' || isXls(bytes) || isXlsxZip(bytes)) return 'xlsx';
  if (ext === 'geojson' || ext === 'json') return 'geojson';
  if (ext === 'csv' || ext === 'txt' || ext === 'tsv') return 'csv';
  if (ext === 'kml') return 'kml';
  if (ext === 'gpkg' || isSqlite(bytes)) return 'gpkg';
  if (ext === 'zip' || ext === 'kmz' || (bytes[0] === 0x50 && bytes[1] === 0x4b)) return 'zip';
  const head = new TextDecoder().decode(bytes.subarray(0, 200)).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{')) return 'geojson';
  if (head.startsWith('<')) return 'kml';
  throw new SourceError('unknown_format', `无法识别「${fileName}」的格式：请上传 GeoJSON、GeoPackage、zip 打包的 Shapefile、CSV、Excel 或 KML / Unknown format: send GeoJSON, GeoPackage, a zipped Shapefile, CSV, Excel or KML`);
}

/**
 * Reads a GeoJSON, zipped Shapefile (or KMZ), CSV or KML file into features in WGS-84 with their raw
 * attributes. The frame is the one chosen, else the `.prj`'s, else WGS-84; GCJ-02 and projected
 * coordinates are converted. Throws a SourceError (a 4xx for the API) when the file cannot be read.
 */
export async function readSource(fileName: string, bytes: Uint8Array, options: ReadOptions = {}): Promise<SourceTable> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const encoding = options.encoding ?? 'auto';
  const format = detectFormat(fileName, bytes);
  let table: Omit<SourceTable, 'frame' | 'frameSource'>;
  let prj: string | undefined;
  let gpkgFrame: Frame | undefined;
  if (format === 'zip') {
    const files = unzip(bytes);
    const kmlName = Object.keys(files).find((n) => n.toLowerCase().endsWith('.kml'));
    if (kmlName && !Object.keys(files).some((n) => n.toLowerCase().endsWith('.shp'))) {
      const text = decodeText(files[kmlName], encoding);
      table = { format: 'kml', ...readKmlText(text.text, limits), encoding: text.encoding, encodingSource: text.source, notes: [] };
    } else {
      const shp = await readShapefileZip(files, encoding, limits);
      prj = shp.prj;
      table = { format: 'shapefile', features: shp.features, fields: shp.fields, encoding: shp.encoding, encodingSource: shp.encodingSource, notes: shp.notes };
    }
  } else if (format === 'gpkg') {
    const gpkg = await readGeoPackage(bytes, options.sheet, limits);
    table = { format, features: gpkg.features, fields: gpkg.fields, encoding: null, encodingSource: null, notes: gpkg.notes, sheet: gpkg.layer };
    // The layer's coordinate system: WGS-84 and CGCS2000 by their codes, anything else by its WKT (as a .prj).
    if (gpkg.srs.id === 4490) gpkgFrame = 'cgcs2000';
    else if (gpkg.srs.id !== 4326 && /^(PROJCS|GEOGCS)/i.test(gpkg.srs.definition.trim())) prj = gpkg.srs.definition;
  } else if (format === 'xlsx') {
    const sheet = readSheet(bytes, options, limits);
    table = { format, features: sheet.features, fields: sheet.fields, encoding: null, encodingSource: null, notes: sheet.notes, sheet: sheet.sheet, csv: { delimiter: '', geometryFields: sheet.geometryFields } };
  } else {
    const text = decodeText(bytes, encoding);
    const base = { encoding: text.encoding, encodingSource: text.source, notes: [] as string[] };
    if (format === 'geojson') table = { format, ...readGeoJsonText(text.text, limits), ...base };
    else if (format === 'kml') table = { format, ...readKmlText(text.text, limits), ...base };
    else {
      const csv = readCsvText(text.text, options, limits);
      table = { format, features: csv.features, fields: csv.fields, ...base, csv: { delimiter: csv.delimiter, geometryFields: csv.geometryFields } };
    }
  }
  if (table.features.length === 0) throw new SourceError('empty_file', '文件中没有要素 / The file holds no features');

  let frame: Frame | 'projected' = gpkgFrame ?? 'wgs84';
  let frameSource: SourceTable['frameSource'] = gpkgFrame ? 'prj' : 'default';
  if (prj) {
    const fromPrj = frameOfPrj(prj);
    frame = fromPrj.frame;
    frameSource = 'prj';
    if (fromPrj.note) table.notes.push(fromPrj.note);
  }
  if (options.frame) {
    if (frame === 'projected') table.notes.push('.prj 为投影坐标，已按 .prj 转换后再按所选坐标系处理 / The .prj is projected: converted by it first');
    else {
      frame = options.frame;
      frameSource = 'chosen';
    }
  }
  const prjText = prj;
  const withHeights = table.features.filter((f) => f.geometry && hasZ(f.geometry)).length;
  if (withHeights) table.notes.push(importerWords('heightsDropped', { n: withHeights }));
  const converted = table.features.map((f) => {
    if (!f.geometry) return f;
    try {
      let geometry = frame === 'projected' ? toWgs84(f.geometry, 'projected', prjText) : f.geometry;
      if (frame === 'projected' && options.frame === 'gcj02') geometry = toWgs84(geometry, 'gcj02');
      else if (frame !== 'projected') geometry = toWgs84(geometry, frame);
      return { ...f, geometry };
    } catch {
      return { ...f, geometry: null, geometryProblem: '坐标无法转换 / The coordinates cannot be converted' };
    }
  });
  return { ...table, features: converted, frame, frameSource };
}

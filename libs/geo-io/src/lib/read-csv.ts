import Papa from 'papaparse';
import wkx from 'wkx';
import { SourceError, type Geometry, type ReadLimits, type ReadOptions, type SourceFeature } from './source';

const LON_NAMES = ['lon', 'lng', 'long', 'longitude', 'x', '经度', '东经', 'jd'];
const LAT_NAMES = ['lat', 'latitude', 'y', '纬度', '北纬', 'wd'];
const WKT_NAMES = ['wkt', 'geometry', 'geom', 'the_geom', 'shape', '几何', '空间信息'];

/** A column named like one of `names`, or under a two-row header whose lower part is (位置 经度). */
const findField = (fields: string[], names: string[]) =>
  fields.find((f) => names.includes(f.trim().toLowerCase())) ?? fields.find((f) => names.includes(f.trim().split(/\s+/).pop()!.toLowerCase()));

function requireField(fields: string[], name: string | undefined, what: string): string | undefined {
  if (name !== undefined && !fields.includes(name)) throw new SourceError('unknown_field', `CSV 中没有「${name}」列 / No column "${name}" for ${what}`, { field: name, fields });
  return name;
}

/** A coordinate written as a number, or as degrees, minutes and seconds (120°30'15.5"). */
export function parseCoordinate(raw: unknown): number | null {
  const text = String(raw ?? '').trim();
  if (text === '') return null;
  if (/^[-+]?\d+(\.\d+)?$/.test(text)) return Number(text);
  const dms = /^([-+]?\d+(?:\.\d+)?)\s*[°度]\s*(?:(\d+(?:\.\d+)?)\s*['′分])?\s*(?:(\d+(?:\.\d+)?)\s*["″秒])?\s*([NSEW])?$/i.exec(text);
  if (!dms) return null;
  const value = Math.abs(Number(dms[1])) + Number(dms[2] ?? 0) / 60 + Number(dms[3] ?? 0) / 3600;
  return (dms[1].startsWith('-') || /[SW]/i.test(dms[4] ?? '') ? -1 : 1) * value;
}

/**
 * Reads a CSV with a header row: the delimiter detected unless given; the geometry from longitude and
 * latitude columns or a WKT column, found by name (lon/lng/经度, lat/纬度, wkt/geometry) unless given.
 */
export function readCsvText(text: string, options: ReadOptions, limits: ReadLimits) {
  const parsed = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: 'greedy', delimiter: options.delimiter ?? '', transformHeader: (h) => h.trim() });
  const fields = (parsed.meta.fields ?? []).filter((f) => f !== '');
  if (fields.length === 0) throw new SourceError('empty_file', 'CSV 没有表头 / The CSV has no header row');
  if (parsed.data.length > limits.maxFeatures) {
    throw new SourceError('too_many_features', `文件有 ${parsed.data.length} 行，超过上限 ${limits.maxFeatures} / ${parsed.data.length} rows, more than the limit of ${limits.maxFeatures}`, { count: parsed.data.length, maxFeatures: limits.maxFeatures });
  }
  const rowErrors = new Map<number, string>();
  for (const e of parsed.errors) if (typeof e.row === 'number') rowErrors.set(e.row, e.message);
  const located = locateRecords(fields, parsed.data, options, (i) => i + 1, rowErrors);
  return { ...located, delimiter: parsed.meta.delimiter };
}

/**
 * The features of a table's records (a CSV's or a spreadsheet's): the geometry from longitude and
 * latitude columns or a WKT column, found by name (lon/lng/经度, lat/纬度, wkt/geometry) unless given;
 * `rowOf` gives each record's row as the user sees it in the file.
 */
export function locateRecords(fields: string[], records: Array<Record<string, unknown>>, options: ReadOptions, rowOf: (index: number) => number, rowErrors = new Map<number, string>()) {
  const wktField = requireField(fields, options.wktField, 'WKT') ?? (options.lonField ? undefined : findField(fields, WKT_NAMES));
  const lonField = wktField ? undefined : requireField(fields, options.lonField, 'longitude') ?? findField(fields, LON_NAMES);
  const latField = wktField ? undefined : requireField(fields, options.latField, 'latitude') ?? findField(fields, LAT_NAMES);
  if (!wktField && !(lonField && latField)) {
    if (options.location === 'optional') {
      return { features: records.map((record, i): SourceFeature => ({ row: rowOf(i), geometry: null, properties: { ...record } })), fields, geometryFields: [] as string[] };
    }
    throw new SourceError('no_geometry_columns', '找不到经纬度列（如「经度」「纬度」或 lon/lat）或 WKT 列，请指定 / No longitude and latitude columns (经度/纬度, lon/lat) or WKT column found: name them', { fields });
  }
  const geometryFields = wktField ? [wktField] : [lonField!, latField!];
  const features = records.map((record, i): SourceFeature => {
    const properties: Record<string, unknown> = {};
    for (const f of fields) if (!geometryFields.includes(f)) properties[f] = record[f];
    let geometry: Geometry | null = null;
    let geometryProblem = rowErrors.get(i);
    if (wktField) {
      const wkt = String(record[wktField] ?? '').trim();
      try {
        geometry = wkt ? (wkx.Geometry.parse(wkt).toGeoJSON() as Geometry) : null;
        if (!geometry) geometryProblem ??= `「${wktField}」为空 / "${wktField}" is empty`;
      } catch {
        geometryProblem = `「${wktField}」不是有效的 WKT / "${wktField}" is not valid WKT`;
      }
    } else {
      const lon = parseCoordinate(record[lonField!]);
      const lat = parseCoordinate(record[latField!]);
      if (lon === null || lat === null) geometryProblem ??= `经纬度缺失或无法识别：${record[lonField!] ?? ''}, ${record[latField!] ?? ''} / Longitude or latitude missing or unreadable`;
      else geometry = { type: 'Point', coordinates: [lon, lat] };
    }
    return { row: rowOf(i), geometry, properties, geometryProblem };
  });
  return { features, fields: fields.filter((f) => !geometryFields.includes(f)), geometryFields };
}

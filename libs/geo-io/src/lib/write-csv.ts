import * as XLSX from '@e965/xlsx';
import Papa from 'papaparse';
import wkx from 'wkx';
import type { Geometry } from './source';

/**
 * Writes features as CSV (UTF-8 with a byte-order mark, so Excel reads the Chinese): the geometry as
 * one WKT column, or — for points — as longitude and latitude columns; lists joined with commas.
 */
export function writeCsv(features: Array<{ geometry: Geometry | null; properties: Record<string, unknown> }>, fields: string[], geometry: 'wkt' | 'lonlat'): string {
  const { header, rows } = featureTable(features, fields, geometry);
  return csvText(header, rows);
}

/**
 * Writes features as an Excel workbook (.xlsx), one sheet, the columns as in the CSV: numbers stay
 * numbers, so a county office can sum and filter them; the file imports back as it is.
 */
export function writeXlsx(features: Array<{ geometry: Geometry | null; properties: Record<string, unknown> }>, fields: string[], geometry: 'wkt' | 'lonlat', sheetName: string): Uint8Array {
  const { header, rows } = featureTable(features, fields, geometry);
  return writeTableXlsx(header, rows, sheetName);
}

/** A table as a one-sheet workbook: the header row, then the rows, numbers kept as numbers. */
export function writeTableXlsx(header: string[], rows: unknown[][], sheetName: string): Uint8Array {
  const book = XLSX.utils.book_new();
  const sheet = XLSX.utils.aoa_to_sheet([header, ...rows]);
  sheet['!cols'] = header.map((h) => ({ wch: Math.max(8, Math.min(40, [...h].length * 2)) }));
  XLSX.utils.book_append_sheet(book, sheet, sheetName.slice(0, 31));
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType: 'xlsx', compression: true }));
}

/** The rows of an export: each field's value (lists joined with commas), then the geometry as WKT or longitude / latitude. */
function featureTable(features: Array<{ geometry: Geometry | null; properties: Record<string, unknown> }>, fields: string[], geometry: 'wkt' | 'lonlat') {
  const header = geometry === 'wkt' ? [...fields, 'wkt'] : [...fields, 'longitude', 'latitude'];
  const rows = features.map(({ geometry: g, properties }) => {
    const values = fields.map((f) => {
      const v = properties[f];
      return v === null || v === undefined ? '' : Array.isArray(v) ? v.join(',') : typeof v === 'object' ? JSON.stringify(v) : v;
    });
    if (geometry === 'wkt') return [...values, g ? wkx.Geometry.parseGeoJSON(g).toWkt() : ''];
    const [lon, lat] = g?.type === 'Point' ? (g.coordinates as number[]) : ['', ''];
    return [...values, lon, lat];
  });
  return { header, rows };
}

/** A table as CSV the way Excel opens it: UTF-8 with a byte-order mark (so Chinese shows), CRLF lines. */
export function csvText(header: string[], rows: unknown[][]): string {
  return `\uFEFF${Papa.unparse({ fields: header, data: rows }, { newline: '\r\n' })}\r\n`;
}

import Papa from 'papaparse';
import wkx from 'wkx';
import type { Geometry } from './source';

/**
 * Writes features as CSV (UTF-8 with a byte-order mark, so Excel reads the Chinese): the geometry as
 * one WKT column, or — for points — as longitude and latitude columns; lists joined with commas.
 */
export function writeCsv(features: Array<{ geometry: Geometry | null; properties: Record<string, unknown> }>, fields: string[], geometry: 'wkt' | 'lonlat'): string {
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
  return csvText(header, rows);
}

/** A table as CSV the way Excel opens it: UTF-8 with a byte-order mark (so Chinese shows), CRLF lines. */
export function csvText(header: string[], rows: unknown[][]): string {
  return `\uFEFF${Papa.unparse({ fields: header, data: rows }, { newline: '\r\n' })}\r\n`;
}

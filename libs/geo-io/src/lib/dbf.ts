import { decodeWith, encodeWith, isUtf8 } from './text-encoding';
import { SourceError } from './source';

export interface DbfField {
  name: string;
  type: 'C' | 'N' | 'F' | 'L' | 'D' | string;
  length: number;
  decimals: number;
}

/** dBASE language driver ids that name a code page (byte 29 of the header). */
const LANGUAGE_DRIVERS: Record<number, string> = { 0x4d: 'gbk', 0x7a: 'gbk', 0x57: 'gbk', 0x03: 'windows-1252', 0x01: 'cp437' };

export interface DbfHeader {
  records: number;
  fields: DbfField[];
  headerLength: number;
  recordLength: number;
  /** The code page the header's language driver id names, if any. */
  languageDriverEncoding: string | null;
}

export function readDbfHeader(bytes: Uint8Array, nameEncoding = 'utf-8'): DbfHeader {
  if (bytes.length < 33) throw new SourceError('invalid_shapefile', 'DBF 文件不完整 / The .dbf file is truncated');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const records = view.getUint32(4, true);
  const headerLength = view.getUint16(8, true);
  const recordLength = view.getUint16(10, true);
  const fields: DbfField[] = [];
  for (let at = 32; at + 32 <= headerLength && bytes[at] !== 0x0d; at += 32) {
    const raw = bytes.subarray(at, at + 11);
    const end = raw.indexOf(0);
    fields.push({
      name: decodeWith(raw.subarray(0, end < 0 ? 11 : end), nameEncoding).trim(),
      type: String.fromCharCode(bytes[at + 11]),
      length: bytes[at + 16],
      decimals: bytes[at + 17],
    });
  }
  return { records, fields, headerLength, recordLength, languageDriverEncoding: LANGUAGE_DRIVERS[bytes[29]] ?? null };
}

/** The bytes of every text field of every record, for telling UTF-8 from GBK. */
export function dbfTextBytes(bytes: Uint8Array, header: DbfHeader): Uint8Array {
  const parts: Uint8Array[] = [];
  let offsetInRecord = 1;
  const offsets = header.fields.map((f) => {
    const o = offsetInRecord;
    offsetInRecord += f.length;
    return o;
  });
  for (let r = 0; r < header.records; r++) {
    const start = header.headerLength + r * header.recordLength;
    header.fields.forEach((f, i) => {
      if (f.type === 'C') parts.push(bytes.subarray(start + offsets[i], start + offsets[i] + f.length), new Uint8Array([0x20]));
    });
  }
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/** Whether the text fields read as UTF-8 (else they are taken as GBK). */
export const dbfLooksUtf8 = (bytes: Uint8Array, header: DbfHeader) => isUtf8(dbfTextBytes(bytes, header));

/** Reads every record of a DBF; deleted records become null so rows stay aligned with the .shp. */
export function readDbfRecords(bytes: Uint8Array, header: DbfHeader, encoding: string): Array<Record<string, unknown> | null> {
  const rows: Array<Record<string, unknown> | null> = [];
  for (let r = 0; r < header.records; r++) {
    let at = header.headerLength + r * header.recordLength;
    if (at + header.recordLength > bytes.length) throw new SourceError('invalid_shapefile', `DBF 记录 ${r + 1} 不完整 / The .dbf is truncated at record ${r + 1}`);
    const deleted = bytes[at] === 0x2a;
    at += 1;
    const row: Record<string, unknown> = {};
    for (const f of header.fields) {
      const raw = bytes.subarray(at, at + f.length);
      at += f.length;
      const text = decodeWith(raw, f.type === 'C' ? encoding : 'latin1').replace(/\0/g, '').trim();
      if (f.type === 'N' || f.type === 'F') row[f.name] = text === '' || /^\*+$/.test(text) ? null : Number(text);
      else if (f.type === 'L') row[f.name] = /^[TtYy]$/.test(text) ? true : /^[FfNn]$/.test(text) ? false : null;
      else if (f.type === 'D') row[f.name] = /^\d{8}$/.test(text) ? `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}` : null;
      else row[f.name] = text === '' ? null : text;
    }
    rows.push(deleted ? null : row);
  }
  return rows;
}

/** A field to write: its DBF type is taken from the values. */
export interface DbfColumn {
  name: string;
  values: unknown[];
}

const pad = (text: string, length: number, right = false) => (right ? text.padStart(length, ' ') : text.padEnd(length, ' ')).slice(0, length);

/** Text that fits `maxBytes` in the encoding, cut between characters. */
function fitBytes(text: string, encoding: string, maxBytes: number): Uint8Array {
  let bytes = encodeWith(text, encoding);
  let chars = [...text];
  while (bytes.length > maxBytes) {
    chars = chars.slice(0, -1);
    bytes = encodeWith(chars.join(''), encoding);
  }
  return bytes;
}

/**
 * Writes a dBASE III table. Strings are encoded in `encoding` (the header's language driver says GBK
 * when it is GBK); numbers become N fields (8 decimals unless all are whole), booleans L, lists text
 * joined with commas. Field names are written in `encoding` too (desktop GIS writes a county's 路名 so);
 * they must fit in 10 bytes.
 */
export function writeDbf(columns: DbfColumn[], records: number, encoding: string): Uint8Array {
  const fields = columns.map(({ name, values }) => {
    const present = values.filter((v) => v !== null && v !== undefined);
    if (present.length && present.every((v) => typeof v === 'boolean')) return { name, type: 'L', length: 1, decimals: 0 };
    if (present.length && present.every((v) => typeof v === 'number' && Number.isFinite(v))) {
      const whole = present.every((v) => Number.isInteger(v));
      return { name, type: 'N', length: whole ? 18 : 24, decimals: whole ? 0 : 8 };
    }
    const longest = Math.max(1, ...present.map((v) => encodeWith(Array.isArray(v) ? v.join(',') : String(v), encoding).length));
    return { name, type: 'C', length: Math.min(254, longest), decimals: 0 };
  });
  const recordLength = 1 + fields.reduce((n, f) => n + f.length, 0);
  const headerLength = 32 + 32 * fields.length + 1;
  const out = new Uint8Array(headerLength + recordLength * records + 1);
  const view = new DataView(out.buffer);
  const now = new Date();
  out[0] = 0x03;
  out.set([now.getFullYear() - 1900, now.getMonth() + 1, now.getDate()], 1);
  view.setUint32(4, records, true);
  view.setUint16(8, headerLength, true);
  view.setUint16(10, recordLength, true);
  out[29] = encoding === 'gbk' ? 0x4d : 0x00;
  fields.forEach((f, i) => {
    const at = 32 + i * 32;
    out.set(encodeWith(f.name, encoding).subarray(0, 10), at);
    out[at + 11] = f.type.charCodeAt(0);
    out[at + 16] = f.length;
    out[at + 17] = f.decimals;
  });
  out[headerLength - 1] = 0x0d;
  for (let r = 0; r < records; r++) {
    let at = headerLength + r * recordLength;
    out[at++] = 0x20;
    fields.forEach((f, i) => {
      const v = columns[i].values[r];
      let bytes: Uint8Array;
      if (f.type === 'L') bytes = encodeWith(v === true ? 'T' : v === false ? 'F' : '?', 'latin1');
      else if (f.type === 'N') bytes = encodeWith(pad(typeof v === 'number' ? v.toFixed(f.decimals) : '', f.length, true), 'latin1');
      else bytes = fitBytes(v === null || v === undefined ? '' : Array.isArray(v) ? v.join(',') : String(v), encoding, f.length);
      out.fill(0x20, at, at + f.length);
      out.set(bytes, at);
      at += f.length;
    });
  }
  out[out.length - 1] = 0x1a;
  return out;
}

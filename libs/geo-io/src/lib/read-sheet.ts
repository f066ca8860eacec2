import * as XLSX from '@e965/xlsx';
import { importerWords as words } from './words';
import { locateRecords } from './read-csv';
import { SourceError, type ReadLimits, type ReadOptions } from './source';

/** How far down a sheet its header is looked for (title, unit and date rows come first in county ledgers). */
const HEADER_SCAN_ROWS = 30;
const TOTAL_ROW = /^(合\s*计|小\s*计|总\s*计|累\s*计|total\b|subtotal\b|sum\b)/i;
const NOTE_ROW = /^(注|说明|备注|附注|填表|制表|审核|负责人|单位负责人|统计员|联系电话|note|remark)/i;

type Cell = string | number | boolean | null;

const text = (v: Cell | undefined): string => (v === null || v === undefined ? '' : String(v).trim());
const isLabel = (v: Cell | undefined) => typeof v === 'string' && v.trim() !== '' && !/^[-+]?\d+(\.\d+)?%?$/.test(v.trim());

/** The values of a cell as stored: numbers, text trimmed, dates as YYYY-MM-DD, formulas by their cached value. */
function cellValue(v: unknown): Cell {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString().slice(0, 10);
  if (typeof v === 'string') return v.trim() === '' ? null : v.trim();
  if (typeof v === 'number' || typeof v === 'boolean') return v;
  return null;
}

/** The sheet as rows of cells, each merged range filled with its top-left value (a village name merged over its groups). */
function gridOf(sheet: XLSX.WorkSheet): { grid: Cell[][]; firstRow: number; merges: XLSX.Range[] } {
  const ref = sheet['!ref'];
  if (!ref) return { grid: [], firstRow: 0, merges: [] };
  const range = XLSX.utils.decode_range(ref);
  const raw = XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null, blankrows: true });
  const grid = raw.map((row) => Array.from({ length: range.e.c - range.s.c + 1 }, (_, c) => cellValue(row[c])));
  const merges = (sheet['!merges'] ?? []).map((m) => ({ s: { r: m.s.r - range.s.r, c: m.s.c - range.s.c }, e: { r: m.e.r - range.s.r, c: m.e.c - range.s.c } }));
  for (const m of merges) {
    const value = grid[m.s.r]?.[m.s.c] ?? null;
    for (let r = m.s.r; r <= m.e.r && r < grid.length; r++) for (let c = m.s.c; c <= m.e.c; c++) grid[r][c] = value;
  }
  return { grid, firstRow: range.s.r, merges };
}

/** The header: the first row naming at least two columns and at least half as many as the richest row near the top. */
function findHeader(grid: Cell[][]): number {
  const distinctLabels = (row: Cell[]) => new Set(row.filter(isLabel).map(text)).size;
  const scanned = grid.slice(0, HEADER_SCAN_ROWS).map(distinctLabels);
  const richest = Math.max(0, ...scanned);
  return richest < 2 ? -1 : scanned.findIndex((n) => n >= 2 && n >= richest / 2);
}

/**
 * Column names: the header row's, or with a second header row under merged cells (建档立卡贫困户 over
 * 户数 / 人数) the two joined ("建档立卡贫困户 户数"). Empty names are left out; repeated ones numbered.
 */
function columnNames(grid: Cell[][], header: number, merges: XLSX.Range[]): { names: Array<string | null>; headerRows: number } {
  const top = grid[header];
  const under = grid[header + 1] ?? [];
  const spanning = merges.filter((m) => m.s.r === header && m.e.r === header && m.e.c > m.s.c);
  const twoRows = spanning.some((m) => under.slice(m.s.c, m.e.c + 1).every(isLabel));
  const seen = new Map<string, number>();
  const names = top.map((cell, c) => {
    const parent = text(cell);
    const child = twoRows ? text(under[c]) : '';
    const name = child && child !== parent && isLabel(under[c]) ? (parent ? `${parent} ${child}` : child) : parent;
    if (!name) return null;
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    return n === 1 ? name : `${name} (${n})`;
  });
  return { names, headerRows: twoRows ? 2 : 1 };
}

/** Row numbers as a reader writes them: 3、7、9 (the first ten, then …). */
const rowList = (rows: number[]) => `${rows.slice(0, 10).join('、')}${rows.length > 10 ? '…' : ''}`;

/**
 * Reads a spreadsheet (.xlsx, or legacy .xls) as a county office keeps it: the sheet asked for (else
 * the first with data), its header found below title and filler rows (on one row, or two under merged
 * cells), merged cells filled, formulas by their cached values, dates as YYYY-MM-DD; blank, total
 * (合计 / 小计) and note or signature rows are skipped and said so. Rows keep their spreadsheet row
 * numbers, so a report points at the row the clerk sees.
 */
export function readSheet(bytes: Uint8Array, options: ReadOptions, limits: ReadLimits) {
  // A workbook is a zip (.xlsx), an OLE file (.xls) or, from many office systems, an HTML table named .xls.
  const workbookLike = (bytes[0] === 0x50 && bytes[1] === 0x4b) || (bytes[0] === 0xd0 && bytes[1] === 0xcf) || /^\s*</.test(new TextDecoder().decode(bytes.subarray(0, 64)));
  if (!workbookLike) throw new SourceError('unknown_format', words('unreadableSheet'));
  let book: XLSX.WorkBook;
  try {
    book = XLSX.read(bytes, { type: 'array', cellDates: true, cellFormula: false, cellHTML: false, cellStyles: false });
  } catch {
    throw new SourceError('unreadable_file', words('unreadableSheet'));
  }
  const names = book.SheetNames;
  if (options.sheet !== undefined && !names.includes(options.sheet)) {
    throw new SourceError('unknown_sheet', words('unknownSheet', { sheet: options.sheet, sheets: names.join('、') }), { sheets: names });
  }
  if (options.sheet !== undefined) return readGrid(book, options.sheet, options, limits);
  // Unasked, the first sheet that holds a table: an instructions sheet or last year's empty form is passed over.
  let firstProblem: unknown = null;
  for (const name of names) {
    try {
      return readGrid(book, name, options, limits);
    } catch (e) {
      if (!(e instanceof SourceError) || (e.code !== 'no_header' && e.code !== 'empty_file')) throw e;
      firstProblem ??= e;
    }
  }
  throw firstProblem ?? new SourceError('empty_file', words('emptySheet', { sheet: names[0] }));
}

/** One sheet of a workbook as records: its header found, merged cells filled, totals and notes skipped. */
function readGrid(book: XLSX.WorkBook, sheetName: string, options: ReadOptions, limits: ReadLimits) {
  const names = book.SheetNames;
  const { grid, firstRow, merges } = gridOf(book.Sheets[sheetName]);
  const header = findHeader(grid);
  if (header < 0) throw new SourceError('no_header', words('noHeader', { sheet: sheetName, n: HEADER_SCAN_ROWS }), { sheet: sheetName, sheets: names });
  const { names: columns, headerRows } = columnNames(grid, header, merges);
  const fields = columns.filter((n): n is string => n !== null);
  const sheetRow = (index: number) => firstRow + index + 1;

  const records: Array<Record<string, unknown>> = [];
  const rows: number[] = [];
  const totals: number[] = [];
  const notes: number[] = [];
  for (let r = header + headerRows; r < grid.length; r++) {
    const cells = grid[r];
    const filled = cells.filter((v) => v !== null);
    if (filled.length === 0) continue;
    const leading = filled.slice(0, 3).map(text);
    if (leading.some((t) => TOTAL_ROW.test(t))) totals.push(sheetRow(r));
    else if (NOTE_ROW.test(leading[0]) && filled.length <= 2) notes.push(sheetRow(r));
    else {
      const record: Record<string, unknown> = {};
      columns.forEach((name, c) => {
        if (name !== null) record[name] = cells[c] ?? '';
      });
      records.push(record);
      rows.push(sheetRow(r));
    }
  }
  for (let r = 0; r < header; r++) if (grid[r].some((v) => v !== null)) notes.push(sheetRow(r));
  if (records.length === 0) throw new SourceError('empty_file', words('emptySheet', { sheet: sheetName }));
  if (records.length > limits.maxFeatures) {
    throw new SourceError('too_many_features', `${records.length} > ${limits.maxFeatures}`, { count: records.length, maxFeatures: limits.maxFeatures });
  }
  const located = locateRecords(fields, records, options, (i) => rows[i]);
  const said = [
    words('sheetChosen', { sheet: sheetName, sheets: names.join('、') }),
    words('headerFound', { rows: headerRows === 2 ? `${sheetRow(header)}–${sheetRow(header + 1)}` : String(sheetRow(header)), first: sheetRow(header + headerRows) }),
    ...(totals.length ? [words('totalRowsSkipped', { rows: rowList(totals) })] : []),
    ...(notes.length ? [words('noteRowsSkipped', { rows: rowList(notes.sort((a, b) => a - b)) })] : []),
  ];
  return { ...located, notes: said, sheet: { name: sheetName, names }, skippedRows: { totals, notes } };
}

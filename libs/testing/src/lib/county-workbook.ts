import * as XLSX from '@e965/xlsx';
import LEDGERS from './county-ledgers.json';

/** A rectangle of merged cells, by 0-based row and column. */
export type Merge = [fromRow: number, fromCol: number, toRow: number, toCol: number];

export interface LedgerSheet {
  name: string;
  rows: unknown[][];
  merges?: Merge[];
  /** Formula cells by address, with the value Excel cached for them: `{ F9: ['SUM(F5:F8)', 4600] }`. */
  formulas?: Record<string, [formula: string, cached: number]>;
}

/**
 * A workbook made the way county offices make them (title rows, merged two-row headers, total and note
 * rows, several sheets), as the bytes of an `.xlsx` or a legacy `.xls` (`biff8`).
 */
export function countyWorkbook(sheets: LedgerSheet[], bookType: 'xlsx' | 'biff8' = 'xlsx'): Uint8Array {
  const book = XLSX.utils.book_new();
  for (const { name, rows, merges = [], formulas = {} } of sheets) {
    const sheet = XLSX.utils.aoa_to_sheet(rows);
    for (const [address, [f, v]] of Object.entries(formulas)) sheet[address] = { t: 'n', f, v };
    sheet['!merges'] = merges.map(([r1, c1, r2, c2]) => ({ s: { r: r1, c: c1 }, e: { r: r2, c: c2 } }));
    XLSX.utils.book_append_sheet(book, sheet, name);
  }
  return new Uint8Array(XLSX.write(book, { type: 'array', bookType }));
}

/**
 * A water-source ledger: a merged title row, a unit-and-date row, a header on two rows (位置 merged over
 * 经度 / 纬度; the others merged down), numbers stored as text, a blank row, a total row with a formula,
 * a note and a signature row; an explanations sheet first. `points` are the sources' positions. Its
 * words are data (`county-ledgers.json`).
 */
export function waterSourceLedger(points: Array<[number, number]>, { kindColumn = true, bookType = 'xlsx' as 'xlsx' | 'biff8', idPrefix = 'XL' } = {}): Uint8Array {
  const w = LEDGERS.water;
  const head = [w.id, w.name, ...(kindColumn ? [w.kind] : []), w.position, null, w.population];
  const width = head.length;
  const lon = head.indexOf(w.position);
  const pad = (cells: unknown[]) => [...cells, ...Array(width - cells.length).fill(null)];
  const rows: unknown[][] = [
    pad([w.title]),
    pad([w.unit, null, null, w.date]),
    head,
    pad(Array.from({ length: width }, (_, c) => (c === lon ? w.lon : c === lon + 1 ? w.lat : null))),
    ...points.flatMap(([x, y], i) => [
      [`${idPrefix}-${i + 1}`, `${w.sourceName}${i + 1}`, ...(kindColumn ? [w.kinds[i % w.kinds.length]] : []), String(x), y, String(100 * (i + 1))],
      ...(i === 0 ? [pad([])] : []),
    ]),
    pad([w.total]),
    pad([w.note]),
    pad([w.maker, null, null, w.checker]),
  ];
  const totalRow = rows.length - 3;
  const population = XLSX.utils.encode_col(width - 1);
  const merges: Merge[] = [[0, 0, 0, width - 1], [2, lon, 2, lon + 1], ...head.map((_, c) => [2, c, 3, c] as Merge).filter(([, c]) => c !== lon && c !== lon + 1)];
  return countyWorkbook([
    { name: w.instructionsSheet, rows: w.instructions },
    { name: w.sheet, rows, merges, formulas: { [`${population}${totalRow + 1}`]: [`SUM(${population}5:${population}${totalRow})`, points.reduce((s, _, i) => s + 100 * (i + 1), 0)] } },
  ], bookType);
}

/** One village's line in a statistics ledger: by code or by name (with its town), figures as the office wrote them. */
export interface StatisticsLedgerRow {
  code?: string;
  name: string;
  town?: string;
  figures: [households: unknown, population: unknown, poorHouseholds: unknown, poorPeople: unknown, notLiftedHouseholds: unknown, notLiftedPeople: unknown];
}

/**
 * A village statistics ledger: a merged title row, a unit-and-date row, a header on two rows
 * (建档立卡贫困户 and 未脱贫 merged over 户数 / 人数; the others merged down), a total row with a
 * formula, a note and a signature row; the year's sheet after last year's. Words in `county-ledgers.json`.
 */
export function statisticsLedger(rows: StatisticsLedgerRow[], { bookType = 'xlsx' as 'xlsx' | 'biff8', withCodes = true } = {}): Uint8Array {
  const s = LEDGERS.statistics;
  const head = [s.seq, s.town, s.village, ...(withCodes ? [s.code] : []), s.households, s.population, s.registered, null, s.notLifted, null];
  const width = head.length;
  const first = head.indexOf(s.registered);
  const pad = (cells: unknown[]) => [...cells, ...Array(width - cells.length).fill(null)];
  const under = pad(Array.from({ length: width }, (_, c) => (c === first || c === first + 2 ? s.householdsUnder : c === first + 1 || c === first + 3 ? s.peopleUnder : null)));
  const body = rows.map((r, i) => [i + 1, r.town ?? null, r.name, ...(withCodes ? [r.code ?? null] : []), ...r.figures]);
  const sheetRows = [pad([s.title]), pad([s.unit, null, null, s.date]), head, under, ...body, pad([s.total]), pad([s.note]), pad([s.maker])];
  const totalRow = sheetRows.length - 3;
  const households = XLSX.utils.encode_col(first - 2);
  const merges: Merge[] = [
    [0, 0, 0, width - 1], [2, first, 2, first + 1], [2, first + 2, 2, first + 3],
    ...head.map((_, c) => [2, c, 3, c] as Merge).filter(([, c]) => c < first),
  ];
  const sum = rows.reduce((t, r) => t + Number(r.figures[0]) || t, 0);
  return countyWorkbook([
    { name: s.otherSheet, rows: [[s.title], head] },
    { name: s.sheet, rows: sheetRows, merges, formulas: { [`${households}${totalRow + 1}`]: [`SUM(${households}5:${households}${totalRow})`, sum] } },
  ], bookType);
}

/** One household's line in a house ledger: its village and group by name, as housing offices keep them, and no coordinates. */
export interface HouseLedgerRow {
  town?: string;
  village: string;
  group?: string;
  head: string;
  rating: string;
  path: string;
  id: string;
}

/** A dilapidated-house ledger without coordinates: a title and a unit row, one header row, a total and a note row. Words in `county-ledgers.json`. */
export function houseLedger(rows: HouseLedgerRow[]): Uint8Array {
  const h = LEDGERS.houses;
  const width = h.header.length;
  const pad = (cells: unknown[]) => [...cells, ...Array(width - cells.length).fill(null)];
  const body = rows.map((r, i) => [i + 1, r.town ?? null, r.village, r.group ?? null, r.head, r.rating, r.path, r.id]);
  return countyWorkbook([{
    name: h.sheet,
    rows: [pad([h.title]), pad([h.unit]), h.header, ...body, pad([h.total, null, null, null, null, null, null, null]), pad([h.note])],
    merges: [[0, 0, 0, width - 1]],
  }]);
}

/** `n` households for a house ledger, spread over the villages named, C- and D-rated, without coordinates (for benchmarks). */
export function houseLedgerRows(villages: string[], n: number, idPrefix = 'BENCH-H'): HouseLedgerRow[] {
  const h = LEDGERS.houses;
  return Array.from({ length: n }, (_, i) => ({
    village: villages[i % villages.length], head: h.head, rating: h.ratings[i % h.ratings.length], path: h.paths[i % h.paths.length], id: `${idPrefix}-${i + 1}`,
  }));
}

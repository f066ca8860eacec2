import * as XLSX from '@e965/xlsx';

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
 * a note and a signature row; an explanations sheet first. `points` are the sources' positions.
 */
export function waterSourceLedger(points: Array<[number, number]>, { kindColumn = true, bookType = 'xlsx' as 'xlsx' | 'biff8', idPrefix = 'XL' } = {}): Uint8Array {
  const kind = ['机井', '集中供水', '泉水'];
  const head = ['编号', '名称', ...(kindColumn ? ['类型'] : []), '位置', null, '供水人口'];
  const width = head.length;
  const lon = head.indexOf('位置');
  const pad = (cells: unknown[]) => [...cells, ...Array(width - cells.length).fill(null)];
  const rows: unknown[][] = [
    pad(['某县农村饮水水源台账']),
    pad(['填报单位：某县水利局', null, null, '填报日期：2020年10月31日']),
    head,
    pad(Array.from({ length: width }, (_, c) => (c === lon ? '经度' : c === lon + 1 ? '纬度' : null))),
    ...points.flatMap(([x, y], i) => [
      [`${idPrefix}-${i + 1}`, `台账水源${i + 1}`, ...(kindColumn ? [kind[i % 3]] : []), String(x), y, String(100 * (i + 1))],
      ...(i === 0 ? [pad([])] : []),
    ]),
    pad(['合计']),
    pad(['注：供水人口为 2020 年统计数']),
    pad(['制表人：王某', null, null, '审核人：李某']),
  ];
  const totalRow = rows.length - 3;
  const population = `${XLSX.utils.encode_col(width - 1)}`;
  const merges: Merge[] = [[0, 0, 0, width - 1], [2, lon, 2, lon + 1], ...head.map((h, c) => [2, c, 3, c] as Merge).filter(([, c]) => c !== lon && c !== lon + 1)];
  return countyWorkbook([
    { name: '填表说明', rows: [['说明'], ['本表按乡镇汇总']] },
    { name: '水源', rows, merges, formulas: { [`${population}${totalRow + 1}`]: [`SUM(${population}5:${population}${totalRow})`, points.reduce((s, _, i) => s + 100 * (i + 1), 0)] } },
  ], bookType);
}

import { describe, expect, it } from 'vitest';
import { countyWorkbook, waterSourceLedger } from '@cuntu/testing';
import { readSource } from './read-source';
import { SourceError } from './source';

const POINTS: Array<[number, number]> = [[110.5, 40.2], [110.6, 40.3], [110.7, 40.25]];
const countyLedger = (bookType: 'xlsx' | 'biff8' = 'xlsx') => waterSourceLedger(POINTS, { bookType });

describe('spreadsheets as county offices keep them', () => {
  for (const [bookType, fileName] of [['xlsx', '水源台账.xlsx'], ['biff8', '水源台账.xls']] as const) {
    it(`reads a ${fileName.slice(-4)} ledger below its title, with a two-row header, and skips total, note and signature rows`, async () => {
      const table = await readSource(fileName, countyLedger(bookType), { sheet: '水源' });
      expect(table.format).toBe('xlsx');
      expect(table.sheet).toEqual({ name: '水源', names: ['填表说明', '水源'] });
      expect(table.fields).toEqual(['编号', '名称', '类型', '供水人口']);
      expect(table.csv?.geometryFields).toEqual(['位置 经度', '位置 纬度']);
      // Row 6 is blank; numbers stored as text stay text for the importer to convert.
      expect(table.features.map((f) => f.row)).toEqual([5, 7, 8]);
      expect(table.features[0]).toMatchObject({ geometry: { type: 'Point', coordinates: [110.5, 40.2] }, properties: { 编号: 'XL-1', 类型: '机井', 供水人口: '100' } });
      expect(table.features[2].geometry).toEqual({ type: 'Point', coordinates: [110.7, 40.25] });
      expect(table.notes.join('\n')).toContain('表头在第 3–4 行，数据从第 5 行开始');
      expect(table.notes.join('\n')).toContain('已跳过合计行（不作为数据）：第 9 行');
      expect(table.notes.join('\n')).toContain('第 1、2、10、11 行');
    });
  }

  it('reads the first sheet holding a table unless told, and names the sheets when the one asked for is missing', async () => {
    // The first sheet is the explanations (one column: no header naming two columns): it is passed over.
    const unasked = await readSource('ledger.xlsx', countyLedger());
    expect(unasked.sheet).toEqual({ name: '水源', names: ['填表说明', '水源'] });
    expect(unasked.features).toHaveLength(3);
    const onlyExplanations = countyWorkbook([{ name: '填表说明', rows: [['说明'], ['本表按乡镇汇总']] }]);
    const none = await readSource('ledger.xlsx', onlyExplanations).catch((e: unknown) => e);
    expect(none).toBeInstanceOf(SourceError);
    expect(none).toMatchObject({ code: 'no_header', details: { sheet: '填表说明', sheets: ['填表说明'] } });
    const missing = await readSource('ledger.xlsx', countyLedger(), { sheet: '道路' }).catch((e: unknown) => e);
    expect(missing).toMatchObject({ code: 'unknown_sheet', details: { sheets: ['填表说明', '水源'] } });
  });

  it('takes an .xlsx sent under another name for a spreadsheet, not a zipped Shapefile', async () => {
    const table = await readSource('upload', countyLedger(), { sheet: '水源' });
    expect(table.format).toBe('xlsx');
    expect(table.features).toHaveLength(3);
  });

  it('refuses a file that is no spreadsheet with a reason', async () => {
    const e = await readSource('broken.xlsx', new Uint8Array([1, 2, 3, 4, 5])).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(SourceError);
    expect((e as SourceError).message).toContain('.xlsx');
  });
});

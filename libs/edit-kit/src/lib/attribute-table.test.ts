import { describe, expect, it } from 'vitest';
import type { EditableFeature } from '@cuntu/domain';
import * as XLSX from '@e965/xlsx';
import { regionChoices } from './region-choices';
import { bulkEdit, filterAndSort, loadTableRows, sheetCsv, sheetXlsx, tableColumns, tableGeoJson, tableSheet, type TableReadApi, type TableRow } from './attribute-table';

const road = (id: number, properties: Record<string, unknown>, surface: 'pass' | 'fail' | 'unknown', reasonZh: string | null = null): TableRow => ({
  id, geometry: { type: 'LineString', coordinates: [[120, 42], [120.1, 42]] }, properties: { name: `路${id}`, roadClass: 'village', ...properties },
  verdicts: { 'road.surface': { verdict: surface, reasonZh, reasonEn: null } },
});
const ROWS = [
  road(1, { surface: 'gravel', widthM: 3.5 }, 'fail', '砂石路面，未硬化'),
  road(2, { surface: 'asphalt', widthM: 6 }, 'pass'),
  road(3, { surface: 'gravel', widthM: 4.5, name: '东村, "老路"' }, 'fail', '砂石路面，未硬化'),
  road(4, { widthM: null }, 'unknown', '未填报路面'),
];
const shown = (value: unknown) => (value === null || value === undefined ? '—' : String(value));

describe('the attribute table', () => {
  const columns = tableColumns('roads', ROWS);

  it('has a column per property the rows carry, in the form\'s order, then one per rule of the layer', () => {
    expect(columns.map((c) => c.key).slice(0, 4)).toEqual(['name', 'roadClass', 'surface', 'widthM']);
    expect(columns.filter((c) => c.kind === 'verdict').map((c) => c.key)).toEqual(['rule:road.surface', 'rule:road.width']);
    expect(columns.some((c) => c.key === 'buildYear')).toBe(false);
  });

  it('filters by a chosen value, a number comparison, text and a verdict, all at once', () => {
    const ids = (filters: Record<string, string>) => filterAndSort(ROWS, columns, filters, null, shown, 'zh-CN').map((r) => r.id);
    expect(ids({ surface: 'gravel' })).toEqual([1, 3]);
    expect(ids({ widthM: '>4' })).toEqual([2, 3]);
    expect(ids({ widthM: '<=4.5' })).toEqual([1, 3]);
    expect(ids({ widthM: '6' })).toEqual([2]);
    expect(ids({ name: '老路' })).toEqual([3]);
    expect(ids({ 'rule:road.surface': 'fail', widthM: '<4' })).toEqual([1]);
    expect(ids({ 'rule:road.surface': 'unknown' })).toEqual([4]);
    expect(ids({ surface: '', name: '' })).toEqual([1, 2, 3, 4]);
  });

  it('sorts numbers as numbers, either way, empty cells last', () => {
    const sorted = (descending: boolean) => filterAndSort(ROWS, columns, {}, { key: 'widthM', descending }, shown, 'zh-CN').map((r) => r.id);
    expect(sorted(false)).toEqual([1, 3, 2, 4]);
    expect(sorted(true)).toEqual([2, 3, 1, 4]);
  });

  it('exports what it shows: each rule with its verdict and reason, as CSV Excel reads in Chinese', () => {
    const kept = filterAndSort(ROWS, columns, { 'rule:road.surface': 'fail' }, null, shown, 'zh-CN');
    const sheet = tableSheet(kept, columns, { id: 'id', column: (c) => c.key, reason: (c) => `${c.key}·原因` }, shown, 'zh-CN');
    expect(sheet).toHaveLength(3);
    expect(sheet[0]).toEqual(['id', 'name', 'roadClass', 'surface', 'widthM', 'rule:road.surface', 'rule:road.surface·原因', 'rule:road.width', 'rule:road.width·原因']);
    expect(sheet[1]).toEqual(['1', '路1', 'village', 'gravel', 3.5, 'fail', '砂石路面，未硬化', '', '']);
    const csv = sheetCsv(sheet);
    expect(csv.startsWith('\uFEFFid,name,')).toBe(true);
    expect(csv.split('\r\n')[2]).toBe('3,"东村, ""老路""",village,gravel,4.5,fail,砂石路面，未硬化,,');
    const geojson = JSON.parse(tableGeoJson(kept, 'roads'));
    expect(geojson.features.map((f: { id: number }) => f.id)).toEqual([1, 3]);
    expect(geojson.features[0].properties).toMatchObject({ surface: 'gravel', 'road.surface': 'fail' });
  });

  it('writes the same sheet as an Excel workbook, named after the layer, its numbers as numbers', async () => {
    const sheet = tableSheet(ROWS, columns, { id: 'id', column: (c) => c.key, reason: (c) => `${c.key}·原因` }, shown, 'zh-CN');
    const book = XLSX.read(await sheetXlsx(sheet, '道路'), { type: 'array' });
    expect(book.SheetNames).toEqual(['道路']);
    expect(XLSX.utils.sheet_to_json(book.Sheets['道路'], { header: 1, defval: '' })).toEqual(sheet);
    expect(book.Sheets['道路'].E2).toMatchObject({ t: 'n', v: 3.5 });
  });

  it('reads every page of a layer and puts each verdict and its reason beside the feature', async () => {
    const features = Array.from({ length: 10_003 }, (_, i) => ({ id: i + 1, geometry: null, properties: { name: `路${i + 1}`, roadClass: 'village' } }));
    const pagesRead: number[] = [];
    const api: Pick<TableReadApi, 'features' | 'checksLayer' | 'checkResults'> = {
      features: async (_layer, query) => {
        pagesRead.push(Number(query.offset));
        return { total: features.length, features: features.slice(Number(query.offset), Number(query.offset) + Number(query.limit)) };
      },
      checksLayer: async () => ({ features: [{ properties: { id: 2, 'road.surface': 'fail', 'road.width': 'pass' } }, { properties: { id: 10_003, 'road.surface': 'unknown' } }] }),
      checkResults: async ({ offset }) => ({ total: 1, rows: offset ? [] : [{ subjectId: '2', ruleId: 'road.surface', verdict: 'fail', reasonZh: '砂石路面', reasonEn: 'Gravel' }] }),
    };
    const rows = await loadTableRows(api, 'roads');
    expect(pagesRead).toEqual([0, 10_000]);
    expect(rows).toHaveLength(10_003);
    expect(rows[1].verdicts).toEqual({ 'road.surface': { verdict: 'fail', reasonZh: '砂石路面', reasonEn: 'Gravel' }, 'road.width': { verdict: 'pass', reasonZh: null, reasonEn: null } });
    expect(rows[10_002].verdicts['road.surface'].verdict).toBe('unknown');
    expect(rows[0].verdicts).toEqual({});
  });

  it('names the regions a layer\'s fields point at, reading only what those fields need', async () => {
    const read: string[] = [];
    const list = (name: string, features: Array<Record<string, unknown>>) => async () => {
      read.push(name);
      return { features: features.map((properties) => ({ properties })) };
    };
    const source = {
      counties: list('counties', [{ code: '150525000000', name: '奈曼旗' }]), towns: list('towns', [{ code: '150525100000', name: '大沁他拉镇' }]),
      villages: list('villages', [{ code: '150525100200', name: '吉格斯台嘎查' }]), features: list('groups', [{ code: '150525100200001', name: '一组', villageCode: '150525100200' }]),
    };
    expect(await regionChoices(source, ['countyCode', 'villageCode'])).toEqual({
      countyCode: [{ value: '150525000000', label: '奈曼旗' }], villageCode: [{ value: '150525100200', label: '吉格斯台嘎查' }],
    });
    expect(read).not.toContain('groups');
    expect((await regionChoices(source, ['groupCode'])).groupCode).toEqual([{ value: '150525100200001', label: '一组 · 吉格斯台嘎查' }]);
    expect(await regionChoices(source, [])).toEqual({});
  });

  it('bulk edits one feature at a time with its own version, keeping each refusal with its reason', async () => {
    const versions: Record<number, number> = { 1: 3, 2: 7, 3: 1 };
    const sent: Array<[number, number, unknown]> = [];
    const api = {
      feature: async (_layer: string, id: string | number) => ({ id, properties: { version: versions[Number(id)] } }) as unknown as EditableFeature,
      updateFeature: async (_layer: string, id: string | number, version: number, change: unknown) => {
        sent.push([Number(id), version, change]);
        if (id === 2) throw Object.assign(new Error('数据校验未通过'), { status: 422, details: [{ field: 'widthM', problem: '须大于 0' }] });
        return {} as EditableFeature;
      },
    };
    const progress: number[] = [];
    const outcome = await bulkEdit(api, 'roads', [1, 2, 3], { widthM: 0 }, (done) => progress.push(done));
    expect(sent).toEqual([[1, 3, { properties: { widthM: 0 } }], [2, 7, { properties: { widthM: 0 } }], [3, 1, { properties: { widthM: 0 } }]]);
    expect(outcome).toEqual({ changed: [1, 3], refused: [{ id: 2, reason: '数据校验未通过；须大于 0' }] });
    expect(progress).toEqual([1, 2, 3]);
  });
});

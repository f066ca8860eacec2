import { describe, expect, it } from 'vitest';
import { mapRow, suggestMapping } from './field-mapping';

describe('suggested field mapping', () => {
  it('recognises columns by property name, snake_case, and the Chinese or English label with or without its unit', () => {
    expect(suggestMapping('water_sources', ['名称', '类型', '供水保证率', '受益人口', '经度', '纬度'], false))
      .toEqual({ name: '名称', kind: '类型', reliabilityPct: '供水保证率', populationServed: '受益人口' });
    expect(suggestMapping('roads', ['Road class', '路面类型', '路面宽度（米）', 'build_year'], false))
      .toEqual({ roadClass: 'Road class', surface: '路面类型', widthM: '路面宽度（米）', buildYear: 'build_year' });
  });
});

describe('a county office\'s own headers and words', () => {
  it('maps the headers county files use (路名, 路面, 宽度, 等级) to the properties', () => {
    expect(suggestMapping('roads', ['路名', '路面', '宽度', '等级', '建设年份', 'X', 'Y'], false))
      .toEqual({ name: '路名', surface: '路面', widthM: '宽度', roadClass: '等级', buildYear: '建设年份' });
    expect(suggestMapping('houses', ['户主', '身份证号', '鉴定等级', '改造方式', '旧房是否拆除'], true))
      .toMatchObject({ headName: '户主', headIdNumber: '身份证号', safetyRating: '鉴定等级', renovationPath: '改造方式', oldDemolished: '旧房是否拆除' });
    expect(suggestMapping('assets', ['项目名称', '资产类型', '装机容量', '总投资', '年收益'], false))
      .toEqual({ name: '项目名称', kind: '资产类型', capacityKw: '装机容量', investmentWanYuan: '总投资', annualIncomeWanYuan: '年收益' });
  });

  it('maps the regions\' own headers: a village file\'s 村代码 and 村名, a natural-village file\'s 自然村代码, a town list\'s 乡镇代码', () => {
    expect(suggestMapping('villages', ['村代码', '村名', '乡镇代码', '类型', '经度', '纬度'], false)).toEqual({ code: '村代码', name: '村名', townCode: '乡镇代码', kind: '类型' });
    expect(suggestMapping('groups', ['自然村代码', '自然村名称', '行政村代码', '户数', '人口'], false))
      .toEqual({ code: '自然村代码', name: '自然村名称', villageCode: '行政村代码', households: '户数', population: '人口' });
    expect(suggestMapping('towns', ['乡镇代码', '乡镇名称', '类型'], false)).toEqual({ code: '乡镇代码', name: '乡镇名称', kind: '类型' });
  });

  it('turns a ledger\'s words into codes: 水泥, 砂石, 国道, C级, 拆除重建, 是, 光伏电站', () => {
    const road = mapRow('roads', 1, { 路面: '水泥', 等级: '国道' }, { surface: '路面', roadClass: '等级' });
    expect(road).toEqual({ values: { surface: 'cement_concrete', roadClass: 'trunk' }, problems: [] });
    expect(mapRow('roads', 2, { 路面: '砂石' }, { surface: '路面' }).values.surface).toBe('gravel');
    const house = mapRow('houses', 1, { 等级: 'C级', 方式: '拆除重建', 拆除: '是' }, { safetyRating: '等级', renovationPath: '方式', oldDemolished: '拆除' });
    expect(house.values).toEqual({ safetyRating: 'C', renovationPath: 'rebuild', oldDemolished: true });
    expect(mapRow('assets', 1, { 类型: '光伏电站' }, { kind: '类型' }).values.kind).toBe('pv_station');
    // A word that names no code stays as written, for the schema to refuse with the allowed values.
    expect(mapRow('roads', 3, { 路面: '石板' }, { surface: '路面' }).values.surface).toBe('石板');
  });
});

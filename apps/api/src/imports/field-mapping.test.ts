import { describe, expect, it } from 'vitest';
import { suggestMapping } from './field-mapping';

describe('suggested field mapping', () => {
  it('recognises columns by property name, snake_case, and the Chinese or English label with or without its unit', () => {
    expect(suggestMapping('water_sources', ['名称', '类型', '供水保证率', '受益人口', '经度', '纬度'], false))
      .toEqual({ name: '名称', kind: '类型', reliabilityPct: '供水保证率', populationServed: '受益人口' });
    expect(suggestMapping('roads', ['Road class', '路面类型', '路面宽度（米）', 'build_year'], false))
      .toEqual({ roadClass: 'Road class', surface: '路面类型', widthM: '路面宽度（米）', buildYear: 'build_year' });
  });
});

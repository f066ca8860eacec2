import { describe, expect, it } from 'vitest';
import { LAYER_PROPERTY_SCHEMAS } from './layers';
import { problemsByField } from './validation-messages';

const problems = (layer: keyof typeof LAYER_PROPERTY_SCHEMAS, values: Record<string, unknown>, locale: 'zh-CN' | 'en' = 'zh-CN') =>
  problemsByField(LAYER_PROPERTY_SCHEMAS[layer].safeParse(values).error?.issues ?? [], values, locale);

describe('validation in the user\'s language', () => {
  it('says "required" for a missing value, whatever the validator\'s code (a missing choice was "Invalid option")', () => {
    expect(problems('water_sources', { name: '' })).toEqual({ name: '必填', kind: '必填' });
    expect(problems('water_sources', {}, 'en')).toEqual({ name: 'Required', kind: 'Required' });
  });

  it('names the choices, the bounds and the formats expected', () => {
    expect(problems('roads', { roadClass: 'lane' })).toEqual({ roadClass: '请选择：国省干线、县道、乡道、村道、组道' });
    expect(problems('roads', { roadClass: 'village', widthM: -1, buildYear: 1850.5 }, 'en')).toEqual({ widthM: 'Above 0', buildYear: 'A whole number' });
    expect(problems('houses', { villageCode: '1505', headIdNumber: '123' })).toEqual({ villageCode: '须为 12 位行政区划代码', headIdNumber: '须为 18 位居民身份证号' });
    expect(problems('villages', { code: '150525100200', townCode: '150525100000', name: 'x', kind: 'village', colour: 'red' }, 'en')).toEqual({ _: 'No such fields: colour' });
  });
});

import { describe, expect, it } from 'vitest';
import { countiesHeld, displayValue, NAMED_COUNTIES } from './labels';

describe('displayValue', () => {
  it('shows stored codes by their names, missing values as a dash and lists joined', () => {
    expect(displayValue('cement_concrete')).toBe('水泥混凝土');
    expect(displayValue('cement_concrete', 'surface', 'en')).toBe('Cement concrete');
    expect(displayValue(false)).toBe('否');
    expect(displayValue(null)).toBe('—');
    expect(displayValue(['repair', 'rebuild'], 'renovationPath')).toBe('维修加固、拆除重建');
    expect(displayValue(['repair', 'rebuild'], 'renovationPath', 'en')).toBe('Repair, Rebuild');
    expect(displayValue(3.5)).toBe('3.5');
    expect(displayValue('village', 'kind')).toBe('村');
    expect(displayValue('village', 'roadClass')).toBe('村道');
  });
});

describe('countiesHeld', () => {
  it('names a few counties and counts a province\'s, in the reader\'s language', () => {
    expect(countiesHeld(['奈曼旗'])).toBe('奈曼旗');
    expect(countiesHeld(['奈曼旗', '库伦旗'], 'en')).toBe('奈曼旗, 库伦旗');
    const province = Array.from({ length: 104 }, (_, i) => `县${i}`);
    expect(countiesHeld(province)).toBe('104 个县级行政区');
    expect(countiesHeld(province, 'en')).toBe('104 counties');
    expect(countiesHeld(province.slice(0, NAMED_COUNTIES + 1))).not.toContain('县0');
    expect(countiesHeld([])).toBe('未加载数据');
  });
});

import { describe, expect, it } from 'vitest';
import { displayValue } from './labels';

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

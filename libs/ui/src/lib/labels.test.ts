import { describe, expect, it } from 'vitest';
import { displayValue } from './labels';

describe('displayValue', () => {
  it('shows stored codes in Chinese, missing values as a dash and lists joined', () => {
    expect(displayValue('cement_concrete')).toBe('水泥混凝土');
    expect(displayValue(false)).toBe('否');
    expect(displayValue(null)).toBe('—');
    expect(displayValue(['repair', 'rebuild'])).toBe('维修加固、拆除重建');
    expect(displayValue(3.5)).toBe('3.5');
  });
});

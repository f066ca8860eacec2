import { describe, expect, it } from 'vitest';
import { allLayerProperties, FIELD_LABELS, fieldLabel } from './field-labels';

describe('field labels', () => {
  it('name every editable property of every layer, in Chinese and English', () => {
    const missing = allLayerProperties().filter((p) => !FIELD_LABELS[p]);
    expect(missing).toEqual([]);
    expect(fieldLabel('populationServed')).toBe('受益人口');
    expect(fieldLabel('populationServed', 'en')).toBe('People served');
    expect(fieldLabel('notAField')).toBe('notAField');
  });
});

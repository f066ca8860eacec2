import { describe, expect, it } from 'vitest';
import { LAYER_IDS, propertyOptions } from './layers';
import { allLayerProperties, fieldLabel, hasFieldLabel } from './field-labels';
import { valueLabel } from './value-labels';

describe('field and value labels', () => {
  it('name every editable property of every layer, in Chinese and English', () => {
    expect(allLayerProperties().filter((p) => !hasFieldLabel(p))).toEqual([]);
    expect(fieldLabel('populationServed')).toBe('受益人口');
    expect(fieldLabel('populationServed', 'en')).toBe('People served');
    expect(fieldLabel('notAField')).toBe('notAField');
  });

  it('name every coded value of every layer, by the property it belongs to', () => {
    const unnamed = LAYER_IDS.flatMap((layer) => allLayerProperties().flatMap((p) => (propertyOptions(layer, p) ?? []).filter((v) => valueLabel(p, v) === v || valueLabel(p, v, 'en') === v).map((v) => `${layer}.${p}.${v}`)));
    expect(unnamed).toEqual([]);
    // The same code reads differently under different properties: a village's kind is not a road class.
    expect(valueLabel('kind', 'village')).toBe('村');
    expect(valueLabel('roadClass', 'village')).toBe('村道');
    expect(valueLabel('oldDemolished', true, 'en')).toBe('Yes');
  });
});

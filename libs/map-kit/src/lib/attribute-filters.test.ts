import { describe, expect, it } from 'vitest';
import { propertyOptions } from '@cuntu/domain';
import { FILTERABLE_ATTRIBUTES } from './attribute-filters';

describe('filterable attributes', () => {
  it('offer exactly the values each layer schema accepts for the property', () => {
    const entries = Object.entries(FILTERABLE_ATTRIBUTES).flatMap(([layer, attributes]) => attributes!.map((a) => ({ layer, ...a })));
    expect(entries.length).toBeGreaterThan(8);
    for (const { layer, property, values } of entries) expect(values, `${layer}.${property}`).toEqual(propertyOptions(layer as never, property));
  });
});

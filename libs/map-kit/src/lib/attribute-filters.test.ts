import { describe, expect, it } from 'vitest';
import { fieldLabel, ROAD_SURFACES, SAFETY_RATINGS } from '@cuntu/domain';
import { FILTERABLE_ATTRIBUTES } from './attribute-filters';

describe('filterable attributes', () => {
  it('are the coded properties of each planner layer, named as the forms name them', () => {
    expect(FILTERABLE_ATTRIBUTES.roads!.map((a) => a.property)).toEqual(['roadClass', 'surface', 'exemption']);
    expect(FILTERABLE_ATTRIBUTES.roads!.find((a) => a.property === 'surface')).toEqual({ property: 'surface', labelZh: fieldLabel('surface'), labelEn: 'Surface', values: ROAD_SURFACES });
    expect(FILTERABLE_ATTRIBUTES.houses!.find((a) => a.property === 'safetyRating')!.values).toEqual(SAFETY_RATINGS);
    // Free-text and numeric properties are not offered; groups have no coded property at all.
    expect(FILTERABLE_ATTRIBUTES.roads!.some((a) => a.property === 'widthM' || a.property === 'name')).toBe(false);
    expect(FILTERABLE_ATTRIBUTES.groups).toBeUndefined();
  });
});

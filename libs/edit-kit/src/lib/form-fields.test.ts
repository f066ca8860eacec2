import { describe, expect, it } from 'vitest';
import { describeConflict } from './conflict';
import { fieldProblems, formFields, toApiValue } from './form-fields';

describe('attribute forms from the layer schemas', () => {
  it('have one labelled input per property with its type, choices and range', () => {
    const fields = Object.fromEntries(formFields('water_sources').map((f) => [f.name, f]));
    expect(fields.name).toMatchObject({ kind: 'text', required: true, labelZh: '名称' });
    expect(fields.kind).toMatchObject({ kind: 'choice', required: true, options: expect.arrayContaining(['well']) });
    expect(fields.reliabilityPct).toMatchObject({ kind: 'number', required: false, min: 0, max: 100, labelZh: '供水保证率（%）' });
    expect(fields.populationServed).toMatchObject({ kind: 'integer' });
    expect(fields.pipedToYard).toMatchObject({ kind: 'boolean' });
    const houses = Object.fromEntries(formFields('houses').map((f) => [f.name, f]));
    expect(houses.headName.personal).toBe(true);
    expect(houses.renovationStatus.options).toEqual(['identified', 'planned', 'in_progress', 'completed', 'accepted']);
    expect(formFields('villages').find((f) => f.name === 'code')?.immutable).toBe(true);
    expect(formFields('facilities').find((f) => f.name === 'clinicRooms')).toMatchObject({ kind: 'choices', options: expect.arrayContaining(['pharmacy']) });
  });

  it('find the problems the API would, by field', () => {
    expect(fieldProblems('water_sources', { reliabilityPct: 140 }, 'update')).toHaveProperty('reliabilityPct');
    expect(fieldProblems('water_sources', { reliabilityPct: 95 }, 'update')).toEqual({});
    expect(Object.keys(fieldProblems('water_sources', { reliabilityPct: 95 }, 'create')).sort()).toEqual(['kind', 'name']);
    // In the user's language, saying what is expected: never the validator's English.
    expect(fieldProblems('roads', {}, 'create')).toEqual({ roadClass: '必填' });
    expect(fieldProblems('roads', { roadClass: 'lane', widthM: 0 }, 'create', 'en')).toEqual({ roadClass: 'Choose one of: Trunk road, County road, Township road, Village road, Group road', widthM: 'Above 0' });
    expect(fieldProblems('water_sources', { reliabilityPct: 140 }, 'update')).toEqual({ reliabilityPct: '不得大于 100' });
    expect(toApiValue({ kind: 'number' } as never, '12.5')).toBe(12.5);
    expect(toApiValue({ kind: 'text' } as never, '')).toBeNull();
  });
});

describe('edit conflicts', () => {
  it('list what someone else changed since the user loaded the feature, marking what both changed', () => {
    const base = { geometry: { type: 'Point', coordinates: [120, 42] }, properties: { name: '一号井', reliabilityPct: 90, fetchMinutes: 10, version: 3 } };
    const current = { geometry: { type: 'Point', coordinates: [120.001, 42] }, properties: { name: '一号井', reliabilityPct: 80, fetchMinutes: 10, version: 4 } };
    const conflict = describeConflict(base, current, { properties: { reliabilityPct: 95, fetchMinutes: 15 } });
    expect(conflict).toEqual([
      { name: 'reliabilityPct', base: 90, current: 80, mine: 95, overlapping: true },
      { name: 'geometry', base: base.geometry, current: current.geometry, mine: undefined, overlapping: false },
    ]);
    expect(describeConflict(base, base, { properties: { name: 'x' } })).toEqual([]);
  });
});

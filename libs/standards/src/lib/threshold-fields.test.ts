import { describe, expect, it } from 'vitest';
import { DEFAULT_THRESHOLDS } from './thresholds';
import { SHIPPED_PROFILES } from './profiles';
import { diffThresholds, thresholdFields, thresholdIssues, unknownThresholdPaths } from './threshold-fields';

describe('threshold fields', () => {
  const fields = thresholdFields();

  it('names every threshold of the schema in both languages, with its unit where it has one', () => {
    expect(fields).toHaveLength(39);
    for (const f of fields) expect([f.labelZh, f.labelEn]).not.toContain(f.path);
    expect(fields.find((f) => f.path === 'village.doctorsMin')).toMatchObject({ labelZh: '乡村医生最少人数', unit: '人', unitEn: 'people' });
  });

  it('carries the types and ranges of the schema', () => {
    const byPath = new Map(fields.map((f) => [f.path, f]));
    expect(byPath.get('village.incidenceMaxPct')).toMatchObject({ kind: 'number', min: 0, minExclusive: false, max: 20, unit: '%' });
    expect(byPath.get('road.reachM')).toMatchObject({ kind: 'number', min: 0, minExclusive: true, max: 2000 });
    expect(byPath.get('road.groupMinHouseholds')).toMatchObject({ kind: 'integer', min: 0, max: 10_000 });
    expect(byPath.get('village.broadbandFibreRequired')).toMatchObject({ kind: 'boolean' });
    expect(byPath.get('road.hardenedSurfaces')).toMatchObject({ kind: 'choices', minItems: 1, options: expect.arrayContaining(['asphalt', 'gravel']) });
    expect(byPath.get('house.smallHouseholdMinM2')).toMatchObject({ kind: 'numbers', length: 3, min: 5, max: 200 });
  });
});

describe('diffThresholds', () => {
  it('lists exactly the thresholds a profile changes', () => {
    const western = SHIPPED_PROFILES.find((p) => p.key === 'western-2015')!;
    expect(diffThresholds(DEFAULT_THRESHOLDS, western.thresholds)).toEqual([{ path: 'village.incidenceMaxPct', from: 2, to: 3 }]);
    expect(diffThresholds(DEFAULT_THRESHOLDS, DEFAULT_THRESHOLDS)).toEqual([]);
    const water = SHIPPED_PROFILES.find((p) => p.key === 'water-2018')!;
    expect(diffThresholds(DEFAULT_THRESHOLDS, water.thresholds).map((d) => d.path)).toContain('water.quantity.safeLitres.water_scarce');
  });
});

describe('thresholdIssues', () => {
  it('names the field and the reason of each value out of range', () => {
    const bad = structuredClone(DEFAULT_THRESHOLDS) as unknown as { village: { incidenceMaxPct: number }; road: { groupMinHouseholds: number } };
    bad.village.incidenceMaxPct = 45;
    bad.road.groupMinHouseholds = 2.5;
    const issues = thresholdIssues(bad);
    expect(issues.map((i) => i.field).sort()).toEqual(['road.groupMinHouseholds', 'village.incidenceMaxPct']);
    expect(thresholdIssues(DEFAULT_THRESHOLDS)).toEqual([]);
  });
});

describe('unknownThresholdPaths', () => {
  it('finds names that are no threshold, at any depth', () => {
    expect(unknownThresholdPaths({ village: { incidenceMaxPct: 3, incidenceMax: 3 }, roads: {}, water: { quantity: { safeLitres: { water_rich: 30 } } } }))
      .toEqual(['village.incidenceMax', 'roads']);
    expect(unknownThresholdPaths({ house: { smallHouseholdMinM2: [20, 30, 40] } })).toEqual([]);
  });
});

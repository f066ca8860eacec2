import { describe, expect, it } from 'vitest';
import { hasFieldLabel } from './field-labels';
import { SERVED_GROUPS_SCHEMA, WATER_TEST_SCHEMA } from './water-records';
import { problemsByField } from './validation-messages';

describe('water records', () => {
  it('accept a dated test and refuse impossible or future dates and unknown fields', () => {
    expect(WATER_TEST_SCHEMA.safeParse({ sampledOn: '2024-05-31', meetsGb5749: true, lab: '县疾控中心' }).success).toBe(true);
    const problems = (input: Record<string, unknown>, locale: 'zh-CN' | 'en' = 'en') => Object.entries(problemsByField(WATER_TEST_SCHEMA.safeParse(input).error!.issues, input, locale)).map(([f, p]) => `${f}: ${p}`);
    expect(problems({ sampledOn: '2024-02-30' })).toEqual(['sampledOn: Not a real date']);
    expect(problems({ sampledOn: '2999-01-01' })).toEqual(['sampledOn: Cannot be in the future']);
    expect(problems({ sampledOn: '2999-01-01' }, 'zh-CN')).toEqual(['sampledOn: 不能晚于今天']);
    expect(problems({ sampledOn: '31/05/2024' })?.[0]).toMatch(/^sampledOn: A date like/);
    expect(problems({ sampledOn: '2024-05-31', colour: 'clear' })?.[0]).toMatch(/colour/);
  });

  it('take group codes of 15 digits only', () => {
    expect(SERVED_GROUPS_SCHEMA.safeParse({ groupCodes: ['150525100200001'] }).success).toBe(true);
    expect(SERVED_GROUPS_SCHEMA.safeParse({ groupCodes: ['1505251002'] }).success).toBe(false);
  });

  it('label every field of a test record', () => {
    expect(Object.keys(WATER_TEST_SCHEMA.shape).filter((k) => !hasFieldLabel(k))).toEqual([]);
  });
});

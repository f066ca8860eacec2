import { describe, expect, it } from 'vitest';
import { RENOVATION_STATUSES, valueLabel } from '@cuntu/domain';
import { statusLabel, tierLabel } from './dashboard-figures';

describe('the dashboard\'s words', () => {
  it('name renovation statuses as the workflow and the forms do (the chart said 已识别 / 施工中 where they say 已认定 / 实施中)', () => {
    for (const status of RENOVATION_STATUSES) expect(statusLabel(status)).toBe(valueLabel('renovationStatus', status));
    expect(statusLabel('identified')).toBe('已认定');
    expect(statusLabel('in_progress', 'en')).toBe('In progress');
    expect(statusLabel('unknown')).toBe('未填报');
  });

  it('name water tiers as verdicts are named everywhere', () => {
    expect(tierLabel('basically_safe')).toBe('基本安全');
    expect(tierLabel('unknown', 'en')).toBe('Data missing');
  });
});

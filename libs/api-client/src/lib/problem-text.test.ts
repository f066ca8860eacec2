import { describe, expect, it } from 'vitest';
import { ApiClientError } from './api-client';
import { fieldProblems, isVersionConflict, problemText } from './problem-text';

const refusal = new ApiClientError(400, 'invalid_body', '数据有误 / Invalid', [
  { field: 'name', problem: '必填 / Required' },
  { field: 'capacity', problem: '须为正数 / Must be positive' },
  { problem: '位置在县界外 / Outside the county' },
  { field: 'name', problem: 'second problem of name' },
]);

describe('problem text', () => {
  it('says the reason and each field problem, fields named by the label given', () => {
    expect(problemText(refusal, (f) => (f === 'name' ? '名称' : f))).toBe(
      '数据有误 / Invalid；名称：必填 / Required；capacity：须为正数 / Must be positive；位置在县界外 / Outside the county；名称：second problem of name',
    );
    expect(problemText(new ApiClientError(500, 'x', 'Boom', null))).toBe('Boom');
    expect(problemText(new TypeError('fetch failed'))).toBe('fetch failed');
    expect(problemText('plain')).toBe('plain');
  });

  it('puts problems next to their fields, the first of each field, `_` for the rest', () => {
    expect(fieldProblems(refusal)).toEqual({ name: '必填 / Required', capacity: '须为正数 / Must be positive', _: '位置在县界外 / Outside the county' });
    expect(fieldProblems(new ApiClientError(403, 'forbidden', '无权限 / Forbidden', { currentVersion: 3 }))).toEqual({ _: '无权限 / Forbidden' });
  });

  it('knows a version conflict (412) from other refusals', () => {
    expect(isVersionConflict(new ApiClientError(412, 'version_conflict', 'changed', null))).toBe(true);
    expect(isVersionConflict(refusal)).toBe(false);
    expect(isVersionConflict(new Error('412'))).toBe(false);
  });
});

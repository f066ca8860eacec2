import { describe, expect, it } from 'vitest';
import { nextRenovationStatus, renovationEvidenceProblems, renovationStepProblems } from './renovation-workflow';

describe('the renovation workflow', () => {
  it('goes identified → planned → in progress → completed → accepted, starting where nothing is recorded', () => {
    expect(nextRenovationStatus(null)).toBe('identified');
    expect(nextRenovationStatus('identified')).toBe('planned');
    expect(nextRenovationStatus('completed')).toBe('accepted');
    expect(nextRenovationStatus('accepted')).toBeNull();
  });

  it('asks for what the house rules read before each step', () => {
    const fields = (p: Record<string, unknown>, target: Parameters<typeof renovationStepProblems>[1]) => renovationStepProblems(p, target).map((x) => x.field);
    expect(fields({}, 'identified')).toEqual([]);
    expect(fields({ safetyRating: 'D' }, 'planned')).toEqual(['renovationPath']);
    expect(fields({ safetyRating: 'D', renovationPath: 'repair' }, 'completed')).toEqual([]);
    expect(fields({ safetyRating: 'D', renovationPath: 'rebuild', householdSize: 3 }, 'completed')).toEqual(['rebuiltAreaM2']);
    expect(fields({ safetyRating: 'D', renovationPath: 'rebuild', householdSize: 3, rebuiltAreaM2: 60, oldDemolished: false }, 'accepted')).toEqual(['oldDemolished']);
    expect(fields({ safetyRating: 'D', renovationPath: 'rebuild', householdSize: 3, rebuiltAreaM2: 60, oldDemolished: true }, 'accepted')).toEqual([]);
  });

  it('asks for before and after photos to complete and to accept a renovation, and for none before', () => {
    const asked = (target: Parameters<typeof renovationEvidenceProblems>[0], present: Array<string | null>) => renovationEvidenceProblems(target, present).map((p) => p.problemEn);
    expect(asked('in_progress', [])).toEqual([]);
    expect(asked('completed', [null, 'before'])).toEqual(['Upload a photo marked “After” first (under photos and documents)']);
    expect(asked('accepted', ['before', 'after'])).toEqual([]);
    expect(renovationEvidenceProblems('accepted', [])[0].problemZh).toBe('请先上传“改造前”照片（照片和材料中选择用途“改造前”）');
  });
});

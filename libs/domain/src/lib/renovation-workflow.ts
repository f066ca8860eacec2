import { message } from '@cuntu/messages';
import { RENOVATION_STATUSES } from './enums';
import { fieldLabel } from './field-labels';
import type { AttachmentPurpose } from './attachments';

/** A step of the workflow; its name, as county reports write it, is `value.renovationStatus.<status>` in the catalogue. */
export type RenovationStatus = (typeof RENOVATION_STATUSES)[number];

/** The step after `current` (the first step when none is recorded), or null after acceptance. */
export function nextRenovationStatus(current: string | null | undefined): RenovationStatus | null {
  if (!current) return RENOVATION_STATUSES[0];
  const i = RENOVATION_STATUSES.indexOf(current as RenovationStatus);
  return i >= 0 && i < RENOVATION_STATUSES.length - 1 ? RENOVATION_STATUSES[i + 1] : null;
}

/**
 * What a house case needs before it moves to `target`, so that the house rules can judge it there:
 * a plan needs the rating and the path; a rebuilt house is completed with the household size and the
 * rebuilt area (the area rule reads them); it is accepted only with the old house demolished
 * (建新不拆旧 is a failure).
 */
export function renovationStepProblems(p: Record<string, unknown>, target: RenovationStatus): Array<{ field: string; problemZh: string; problemEn: string }> {
  const problems: Array<{ field: string; problemZh: string; problemEn: string }> = [];
  const missing = (field: string) => {
    if (p[field] === null || p[field] === undefined || p[field] === '') {
      problems.push({ field, problemZh: message('zh-CN', 'workflow.recordFirst', { field: fieldLabel(field, 'zh-CN') }), problemEn: message('en', 'workflow.recordFirst', { field: fieldLabel(field, 'en') }) });
    }
  };
  const at = RENOVATION_STATUSES.indexOf(target);
  if (at >= RENOVATION_STATUSES.indexOf('planned')) {
    missing('safetyRating');
    missing('renovationPath');
  }
  if (p.renovationPath === 'rebuild' && at >= RENOVATION_STATUSES.indexOf('completed')) {
    missing('householdSize');
    missing('rebuiltAreaM2');
  }
  if (p.renovationPath === 'rebuild' && target === 'accepted' && p.oldDemolished !== true) {
    problems.push({ field: 'oldDemolished', problemZh: message('zh-CN', 'workflow.demolishFirst'), problemEn: message('en', 'workflow.demolishFirst') });
  }
  return problems;
}

/** The photos a step asks for (照片资料: a renovation is accepted on its before-and-after photos): completing and accepting it need both. */
export const RENOVATION_EVIDENCE: Readonly<Partial<Record<RenovationStatus, readonly AttachmentPurpose[]>>> = { completed: ['before', 'after'], accepted: ['before', 'after'] };

/** What a house case lacks in photos to move to `target`, given the purposes its kept photos are marked with. */
export function renovationEvidenceProblems(target: RenovationStatus, present: ReadonlyArray<string | null>): Array<{ field: string; problemZh: string; problemEn: string }> {
  return (RENOVATION_EVIDENCE[target] ?? []).filter((purpose) => !present.includes(purpose)).map((purpose) => ({
    field: 'renovationStatus',
    problemZh: message('zh-CN', 'workflow.photoFirst', { purpose: message('zh-CN', `attachment.purpose.${purpose}`) }),
    problemEn: message('en', 'workflow.photoFirst', { purpose: message('en', `attachment.purpose.${purpose}`) }),
  }));
}

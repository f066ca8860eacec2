import { RENOVATION_STATUSES } from './enums';

export type RenovationStatus = (typeof RENOVATION_STATUSES)[number];

/** The Chinese name of each step, as county reports write them. */
export const RENOVATION_STATUS_ZH: Record<RenovationStatus, string> = {
  identified: '已认定', planned: '已计划', in_progress: '实施中', completed: '已竣工', accepted: '已验收',
};

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
  const missing = (field: string, zh: string, en: string) => {
    if (p[field] === null || p[field] === undefined || p[field] === '') problems.push({ field, problemZh: `请先填写${zh}`, problemEn: `record the ${en} first` });
  };
  const at = RENOVATION_STATUSES.indexOf(target);
  if (at >= RENOVATION_STATUSES.indexOf('planned')) {
    missing('safetyRating', '危房等级', 'safety rating');
    missing('renovationPath', '改造方式', 'renovation path');
  }
  if (p.renovationPath === 'rebuild' && at >= RENOVATION_STATUSES.indexOf('completed')) {
    missing('householdSize', '家庭人口', 'household size');
    missing('rebuiltAreaM2', '改造后面积', 'rebuilt area');
  }
  if (p.renovationPath === 'rebuild' && target === 'accepted' && p.oldDemolished !== true) {
    problems.push({ field: 'oldDemolished', problemZh: '旧房拆除后方可验收（建新不拆旧）', problemEn: 'the old house must be demolished before acceptance' });
  }
  return problems;
}

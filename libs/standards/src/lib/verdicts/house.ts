import type { Thresholds } from '../thresholds';
import type { HouseFacts } from '../facts';
import { fmt, make, type RuleVerdict } from '../verdict';

const DONE = ['completed', 'accepted'];
const PRIORITY_ZH: Record<string, string> = { registered_poor: '建档立卡贫困户', dibao: '低保户', tekun: '分散供养特困人员', disabled_poor: '贫困残疾人家庭' };

/** The house rules that apply to one house site (priority, area and demolition only where relevant). */
export function judgeHouse(f: HouseFacts, t: Thresholds['house']): RuleVerdict[] {
  const results = [safety(f)];
  if (f.priorityGroup) results.push(priority(f));
  if (f.renovationPath === 'rebuild' && DONE.includes(f.renovationStatus ?? '')) results.push(rebuildArea(f, t), oldDemolished(f));
  return results;
}

const safe = (f: HouseFacts) => f.safetyRating === 'A' || f.safetyRating === 'B' || DONE.includes(f.renovationStatus ?? '');

function safety(f: HouseFacts): RuleVerdict {
  const id = 'house.safety';
  if (f.safetyRating == null) return make(id, 'unknown', null, 'A/B', '未鉴定安全等级', 'safety rating not recorded');
  if (f.safetyRating === 'A' || f.safetyRating === 'B') return make(id, 'pass', f.safetyRating, 'A/B', `${f.safetyRating} 级，安全`, `rated ${f.safetyRating}: safe`);
  if (safe(f)) return make(id, 'pass', f.safetyRating, 'A/B', `${f.safetyRating} 级危房，改造${f.renovationStatus === 'accepted' ? '已验收' : '已竣工'}`, `rated ${f.safetyRating}, renovation ${f.renovationStatus}`);
  return make(id, 'fail', f.safetyRating, 'A/B', `${f.safetyRating} 级危房，改造${f.renovationStatus ? `处于「${STATUS_ZH[f.renovationStatus] ?? f.renovationStatus}」` : '未记录进度'}，仍有人居住`, `rated ${f.safetyRating}, renovation ${f.renovationStatus ?? 'not recorded'}`);
}

const STATUS_ZH: Record<string, string> = { identified: '已认定', planned: '已计划', in_progress: '实施中', completed: '已竣工', accepted: '已验收' };

function priority(f: HouseFacts): RuleVerdict {
  const id = 'house.priority';
  const group = PRIORITY_ZH[f.priorityGroup!] ?? f.priorityGroup;
  if (f.safetyRating == null) return make(id, 'unknown', f.priorityGroup, 'A/B', `${group}住房未鉴定安全等级`, `priority household (${f.priorityGroup}) with no safety rating`);
  return safe(f)
    ? make(id, 'pass', f.priorityGroup, 'A/B', `${group}住房安全`, `priority household (${f.priorityGroup}) is safely housed`)
    : make(id, 'fail', f.priorityGroup, 'A/B', `${group}仍住 ${f.safetyRating} 级危房`, `priority household (${f.priorityGroup}) still in a ${f.safetyRating} house`);
}

function rebuildArea(f: HouseFacts, t: Thresholds['house']): RuleVerdict {
  const id = 'house.rebuild_area';
  if (f.householdSize == null || f.rebuiltAreaM2 == null) return make(id, 'unknown', f.rebuiltAreaM2, null, '未记录户人口或重建面积', 'household size or rebuilt area not recorded');
  const n = f.householdSize;
  const [min, max] = n <= 3 ? [t.smallHouseholdMinM2[Math.max(0, n - 1)], t.smallHouseholdMaxM2] : [t.largeHouseholdMinM2PerPerson * n, t.largeHouseholdMaxM2PerPerson * n];
  const a = fmt(f.rebuiltAreaM2, 1);
  if (f.rebuiltAreaM2 < min) return make(id, 'fail', f.rebuiltAreaM2, { min, max }, `${n} 口之家重建 ${a} 平方米，低于 ${min} 平方米`, `${n}-person household rebuilt ${a} m², below ${min} m²`);
  if (f.rebuiltAreaM2 > max) return make(id, 'fail', f.rebuiltAreaM2, { min, max }, `${n} 口之家重建 ${a} 平方米，超过 ${max} 平方米`, `${n}-person household rebuilt ${a} m², above ${max} m²`);
  return make(id, 'pass', f.rebuiltAreaM2, { min, max }, `${n} 口之家重建 ${a} 平方米，在 ${min}–${max} 平方米之间`, `${n}-person household rebuilt ${a} m², within ${min}–${max} m²`);
}

function oldDemolished(f: HouseFacts): RuleVerdict {
  const id = 'house.old_demolished';
  if (f.oldDemolished == null) return make(id, 'unknown', null, true, '未记录旧房是否拆除', 'demolition of the old house not recorded');
  return f.oldDemolished
    ? make(id, 'pass', true, true, '新房建成，旧房已拆除', 'new house built, old one demolished')
    : make(id, 'fail', false, true, '建新未拆旧', 'new house built, old one not demolished');
}

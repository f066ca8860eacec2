import type { Thresholds } from '../thresholds';
import type { RelocationSiteFacts } from '../facts';
import { fmt, make, worstVerdict, type RuleVerdict } from '../verdict';

/** The five relocation rules of one site. */
export function judgeRelocationSite(f: RelocationSiteFacts, t: Thresholds['relocation']): RuleVerdict[] {
  return [area(f, t), selfFunding(f, t), share('relocation.old_home', '旧房拆除', 'old homes demolished', f.oldHomesDemolished, f.oldHomesTotal, t.oldHomesMinPct), share('relocation.employment', '有劳动力搬迁户就业', 'households with labour employed', f.employedHouseholds, f.labourHouseholds, t.employmentMinPct), services(f, t)];
}

function area(f: RelocationSiteFacts, t: Thresholds['relocation']): RuleVerdict {
  const id = 'relocation.area';
  if (f.areaPerPersonM2 == null) return make(id, 'unknown', null, t.maxAreaPerPersonM2, '未记录人均住房面积', 'area per person not recorded');
  const a = fmt(f.areaPerPersonM2, 1);
  return f.areaPerPersonM2 <= t.maxAreaPerPersonM2
    ? make(id, 'pass', f.areaPerPersonM2, t.maxAreaPerPersonM2, `人均住房 ${a} 平方米，未超过 ${t.maxAreaPerPersonM2} 平方米红线`, `${a} m² per person, within ${t.maxAreaPerPersonM2} m²`)
    : make(id, 'fail', f.areaPerPersonM2, t.maxAreaPerPersonM2, `人均住房 ${a} 平方米，超过 ${t.maxAreaPerPersonM2} 平方米红线`, `${a} m² per person, above the ${t.maxAreaPerPersonM2} m² red line`);
}

function selfFunding(f: RelocationSiteFacts, t: Thresholds['relocation']): RuleVerdict {
  const id = 'relocation.self_funding';
  const threshold = { perPerson: t.maxSelfFundingPerPersonYuan, perHousehold: t.maxSelfFundingPerHouseholdYuan };
  const measured = { perPerson: f.selfFundingPerPersonYuan, perHousehold: f.selfFundingMaxHouseholdYuan };
  const parts = [
    f.selfFundingPerPersonYuan == null ? { v: 'unknown' as const, zh: '未记录人均自筹', en: 'self-funding per person not recorded' }
      : f.selfFundingPerPersonYuan > t.maxSelfFundingPerPersonYuan ? { v: 'fail' as const, zh: `人均自筹 ${f.selfFundingPerPersonYuan} 元，超过 ${t.maxSelfFundingPerPersonYuan} 元`, en: `${f.selfFundingPerPersonYuan} yuan per person, above ${t.maxSelfFundingPerPersonYuan}` }
        : { v: 'pass' as const, zh: `人均自筹 ${f.selfFundingPerPersonYuan} 元`, en: `${f.selfFundingPerPersonYuan} yuan per person` },
    f.selfFundingMaxHouseholdYuan == null ? { v: 'unknown' as const, zh: '未记录户均最高自筹', en: 'self-funding per household not recorded' }
      : f.selfFundingMaxHouseholdYuan > t.maxSelfFundingPerHouseholdYuan ? { v: 'fail' as const, zh: `户自筹最高 ${f.selfFundingMaxHouseholdYuan} 元，超过 ${t.maxSelfFundingPerHouseholdYuan} 元`, en: `${f.selfFundingMaxHouseholdYuan} yuan for one household, above ${t.maxSelfFundingPerHouseholdYuan}` }
        : { v: 'pass' as const, zh: `户自筹最高 ${f.selfFundingMaxHouseholdYuan} 元`, en: `at most ${f.selfFundingMaxHouseholdYuan} yuan per household` },
  ];
  const verdict = worstVerdict(parts.map((p) => p.v));
  const shown = verdict === 'pass' ? parts : parts.filter((p) => p.v === verdict);
  return make(id, verdict, measured, threshold, shown.map((p) => p.zh).join('；'), shown.map((p) => p.en).join('; '));
}

function share(id: string, zh: string, en: string, done: number | null, total: number | null, minPct: number): RuleVerdict {
  if (done == null || total == null) return make(id, 'unknown', null, minPct, `未记录${zh}情况`, `${en} not recorded`);
  const pct = total === 0 ? 100 : (done / total) * 100;
  return pct >= minPct
    ? make(id, 'pass', Number(fmt(pct, 2)), minPct, `${zh} ${done}/${total}`, `${en}: ${done}/${total}`)
    : make(id, 'fail', Number(fmt(pct, 2)), minPct, `${zh} ${done}/${total}（${fmt(pct, 1)}%），未达 ${minPct}%`, `${en}: ${done}/${total} (${fmt(pct, 1)} %), below ${minPct} %`);
}

function services(f: RelocationSiteFacts, t: Thresholds['relocation']): RuleVerdict {
  const id = 'relocation.services';
  const threshold = { schoolKm: t.schoolMaxKm, clinicKm: t.clinicMaxKm, searchRadiusKm: t.searchRadiusKm };
  const measured = { schoolKm: f.nearestSchoolKm == null ? null : Number(fmt(f.nearestSchoolKm)), clinicKm: f.nearestClinicKm == null ? null : Number(fmt(f.nearestClinicKm)) };
  const found = (d: number | null) => d != null && d <= t.searchRadiusKm;
  const schoolFar = found(f.nearestSchoolKm) && f.nearestSchoolKm! > t.schoolMaxKm;
  const clinicFar = found(f.nearestClinicKm) && f.nearestClinicKm! > t.clinicMaxKm;
  if (schoolFar || clinicFar) {
    const zh = [schoolFar && `最近学校 ${fmt(f.nearestSchoolKm!, 1)} 公里（标准 ${t.schoolMaxKm}）`, clinicFar && `最近卫生室 ${fmt(f.nearestClinicKm!, 1)} 公里（标准 ${t.clinicMaxKm}）`].filter(Boolean).join('；');
    const en = [schoolFar && `school ${fmt(f.nearestSchoolKm!, 1)} km (max ${t.schoolMaxKm})`, clinicFar && `clinic ${fmt(f.nearestClinicKm!, 1)} km (max ${t.clinicMaxKm})`].filter(Boolean).join('; ');
    return make(id, 'fail', measured, threshold, zh, en);
  }
  if (!found(f.nearestSchoolKm) || !found(f.nearestClinicKm)) {
    return make(id, 'unknown', measured, threshold, `${t.searchRadiusKm} 公里内未记录${found(f.nearestSchoolKm) ? '卫生室' : '学校'}`, `no ${found(f.nearestSchoolKm) ? 'clinic' : 'school'} recorded within ${t.searchRadiusKm} km`);
  }
  return make(id, 'pass', measured, threshold, `学校 ${fmt(f.nearestSchoolKm!, 1)} 公里、卫生室 ${fmt(f.nearestClinicKm!, 1)} 公里`, `school ${fmt(f.nearestSchoolKm!, 1)} km, clinic ${fmt(f.nearestClinicKm!, 1)} km`);
}

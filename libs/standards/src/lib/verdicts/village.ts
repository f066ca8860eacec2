import type { Thresholds } from '../thresholds';
import type { VillageFacts } from '../facts';
import { bestTier, fmt, make, TIER_ZH, worstTier, worstVerdict, type RuleVerdict } from '../verdict';
import { message } from '@cuntu/messages';

const CULTURE_ZH: Record<string, string> = { room: '文化活动室', square: '文体广场', stage: '简易戏台', notice_board: '宣传栏', culture_kit: '文化器材', broadcast_kit: '广播器材', sports_kit: '体育器材' };
const ROOM_ZH: Record<string, string> = { consulting: '诊室', treatment: '治疗室', public_health: '公共卫生室', pharmacy: '药房' };

/** The ten village exit rules, plus road.reaches_committee, for one village. */
export function judgeVillage(f: VillageFacts, t: Thresholds): RuleVerdict[] {
  const v = t.village;
  return [
    incidence(f, v), pavedRoad(f, t.road), bus(f, v), water(f), percent('village.power', '通动力电率', 'power coverage', f.powerCoveragePct, v.powerMinPct),
    percent('village.tv', '广播电视户户通率', 'radio and TV coverage', f.tvCoveragePct, v.tvMinPct), culture(f, v), clinic(f, v), doctor(f, v), broadband(f, v),
    reachesCommittee(f, t.road),
  ];
}

function incidence(f: VillageFacts, v: Thresholds['village']): RuleVerdict {
  const id = 'village.incidence';
  if (f.statisticsMissingFor !== undefined) {
    const params = { year: f.statisticsMissingFor };
    return make(id, 'unknown', null, v.incidenceMaxPct, message('zh-CN', 'rule.village.incidence.noStatistics', params), message('en', 'rule.village.incidence.noStatistics', params));
  }
  if (f.notLiftedPeople == null || !f.population) return make(id, 'unknown', null, v.incidenceMaxPct, '未记录未脱贫人口或总人口', 'people not lifted or population not recorded');
  const pct = (f.notLiftedPeople / f.population) * 100;
  const text = `贫困发生率 ${fmt(pct)}%（${f.notLiftedPeople}/${f.population}）`;
  const en = `incidence ${fmt(pct)} % (${f.notLiftedPeople}/${f.population})`;
  // 以下 includes the number itself: exactly at the threshold passes.
  return pct <= v.incidenceMaxPct
    ? make(id, 'pass', Number(fmt(pct, 4)), v.incidenceMaxPct, `${text}，不高于 ${v.incidenceMaxPct}% 标准`, `${en}, at or below ${v.incidenceMaxPct} %`)
    : make(id, 'fail', Number(fmt(pct, 4)), v.incidenceMaxPct, `${text}，高于 ${v.incidenceMaxPct}% 标准`, `${en}, above ${v.incidenceMaxPct} %`);
}

function pavedRoad(f: VillageFacts, r: Thresholds['road']): RuleVerdict {
  const id = 'village.paved_road';
  const threshold = { reachM: r.reachM, snapM: r.snapM };
  const { connectedM, possibleM, nearestHardenedM } = f.route;
  if (connectedM != null && connectedM <= r.reachM) {
    return make(id, 'pass', fmt(connectedM, 0), threshold, `有连通外部路网的硬化路通至村委会（${fmt(connectedM, 0)} 米）`, `a hardened route from the outside network reaches the committee (${fmt(connectedM, 0)} m)`);
  }
  if (possibleM != null && possibleM <= r.reachM) {
    return make(id, 'unknown', fmt(possibleM, 0), threshold, '通村路线上有路段未记录路面或宽度，无法判定', 'a segment on the route lacks surface or width data');
  }
  if (nearestHardenedM != null && nearestHardenedM <= r.reachM) {
    return make(id, 'fail', connectedM, threshold, '村委会附近的硬化路未与外部路网连通（断头路）', 'the hardened road near the committee is not connected to the outside network');
  }
  const d = connectedM == null ? '' : `（最近的连通硬化路距村委会 ${fmt(connectedM / 1000, 1)} 公里）`;
  return make(id, 'fail', connectedM, threshold, `无硬化路通至村委会${d}`, `no hardened route reaches the committee${connectedM == null ? '' : ` (nearest connected: ${fmt(connectedM / 1000, 1)} km)`}`);
}

function reachesCommittee(f: VillageFacts, r: Thresholds['road']): RuleVerdict {
  const id = 'road.reaches_committee';
  const { nearestHardenedM, possibleM } = f.route;
  if (nearestHardenedM != null && nearestHardenedM <= r.reachM) {
    return make(id, 'pass', fmt(nearestHardenedM, 0), r.reachM, `硬化路止于村委会 ${fmt(nearestHardenedM, 0)} 米处`, `a hardened road ends ${fmt(nearestHardenedM, 0)} m from the committee`);
  }
  if (possibleM != null && possibleM <= r.reachM) {
    return make(id, 'unknown', fmt(possibleM, 0), r.reachM, '通至村委会的道路未记录路面或宽度', 'the road to the committee lacks surface or width data');
  }
  const d = nearestHardenedM == null ? '无硬化路' : `最近的硬化路距村委会 ${fmt(nearestHardenedM, 0)} 米`;
  return make(id, 'fail', nearestHardenedM, r.reachM, `${d}，超过 ${r.reachM} 米`, `nearest hardened road ${nearestHardenedM == null ? 'none' : `${fmt(nearestHardenedM, 0)} m`} from the committee, beyond ${r.reachM} m`);
}

function bus(f: VillageFacts, v: Thresholds['village']): RuleVerdict {
  const id = 'village.bus';
  const { servicedKm, unrecordedKm } = f.bus;
  if (servicedKm != null && servicedKm <= v.busMaxKm) return make(id, 'pass', fmt(servicedKm), v.busMaxKm, `${fmt(servicedKm, 1)} 公里内有班车站点`, `a bus stop ${fmt(servicedKm, 1)} km away`);
  if (unrecordedKm != null && unrecordedKm <= v.busMaxKm) return make(id, 'unknown', null, v.busMaxKm, `${v.busMaxKm} 公里内的站点未记录是否通班车`, `a stop within ${v.busMaxKm} km has no recorded bus service`);
  const d = servicedKm == null ? '无班车站点记录' : `最近的班车站点 ${fmt(servicedKm, 1)} 公里`;
  return make(id, 'fail', servicedKm == null ? null : fmt(servicedKm), v.busMaxKm, `${d}，超过 ${v.busMaxKm} 公里`, `nearest bus stop ${servicedKm == null ? 'none' : `${fmt(servicedKm, 1)} km`}, beyond ${v.busMaxKm} km`);
}

function water(f: VillageFacts): RuleVerdict {
  const id = 'village.water';
  if (f.groups.length === 0) return make(id, 'unknown', null, 'basically_safe', '未记录自然村', 'no natural villages recorded', 'unknown');
  const groupTiers = f.groups.map((g) => ({ ...g, tier: g.sourceTiers.length ? bestTier(g.sourceTiers) : ('unsafe' as const) }));
  const tier = worstTier(groupTiers.map((g) => g.tier));
  const unserved = groupTiers.filter((g) => g.sourceTiers.length === 0).map((g) => g.name);
  const unsafe = groupTiers.filter((g) => g.sourceTiers.length && g.tier === 'unsafe').map((g) => g.name);
  const unknown = groupTiers.filter((g) => g.tier === 'unknown').map((g) => g.name);
  const measured = Object.fromEntries(groupTiers.map((g) => [g.code, g.tier]));
  if (unserved.length) return make(id, 'fail', measured, 'basically_safe', `${unserved.join('、')}无水源供水`, `${unserved.length} natural village(s) not served by any source`, 'unsafe');
  if (unsafe.length) return make(id, 'fail', measured, 'basically_safe', `${unsafe.join('、')}的水源不安全`, `${unsafe.length} natural village(s) served only by unsafe sources`, 'unsafe');
  if (unknown.length) return make(id, 'unknown', measured, 'basically_safe', `${unknown.join('、')}的水源安全情况未知`, `${unknown.length} natural village(s) served by sources of unknown safety`, 'unknown');
  return make(id, 'pass', measured, 'basically_safe', `全部自然村饮水${TIER_ZH[tier]}`, `every natural village has ${tier.replace('_', ' ')} water`, tier);
}

function percent(id: string, zh: string, en: string, value: number | null, min: number): RuleVerdict {
  if (value == null) return make(id, 'unknown', null, min, `未记录${zh}`, `${en} not recorded`);
  return value >= min
    ? make(id, 'pass', value, min, `${zh} ${fmt(value, 1)}%`, `${en} ${fmt(value, 1)} %`)
    : make(id, 'fail', value, min, `${zh} ${fmt(value, 1)}%，低于 ${min}%`, `${en} ${fmt(value, 1)} %, below ${min} %`);
}

function culture(f: VillageFacts, v: Thresholds['village']): RuleVerdict {
  const id = 'village.culture';
  if (!f.culturalCentre) return make(id, 'fail', null, v.cultureItemsRequired, '无综合性文化服务中心', 'no cultural service centre');
  if (f.culturalCentre.items == null) return make(id, 'unknown', null, v.cultureItemsRequired, '文化服务中心未记录设施', 'the centre has no recorded facilities');
  const missing = v.cultureItemsRequired.filter((i) => !f.culturalCentre!.items!.includes(i));
  return missing.length === 0
    ? make(id, 'pass', f.culturalCentre.items.length, v.cultureItemsRequired, `${v.cultureItemsRequired.length} 项设施齐全`, `all ${v.cultureItemsRequired.length} items present`)
    : make(id, 'fail', f.culturalCentre.items.length, v.cultureItemsRequired, `缺少${missing.map((m) => CULTURE_ZH[m] ?? m).join('、')}`, `missing ${missing.join(', ')}`);
}

function clinic(f: VillageFacts, v: Thresholds['village']): RuleVerdict {
  const id = 'village.clinic';
  const threshold = { minAreaM2: v.clinicMinAreaM2, rooms: v.clinicRoomsRequired, staffPer1000: v.clinicStaffPer1000 };
  if (!f.clinic) return make(id, 'fail', null, threshold, '无村卫生室', 'no village clinic');
  const c = f.clinic;
  const parts: Array<{ verdict: 'pass' | 'fail' | 'unknown'; zh: string; en: string }> = [];
  if (c.areaM2 == null) parts.push({ verdict: 'unknown', zh: '卫生室面积未记录', en: 'clinic area not recorded' });
  else if (c.areaM2 < v.clinicMinAreaM2) parts.push({ verdict: 'fail', zh: `卫生室面积 ${fmt(c.areaM2, 1)} 平方米，低于 ${v.clinicMinAreaM2} 平方米标准`, en: `clinic of ${fmt(c.areaM2, 1)} m², below ${v.clinicMinAreaM2} m²` });
  if (c.rooms == null) parts.push({ verdict: 'unknown', zh: '未记录功能用房', en: 'rooms not recorded' });
  else {
    const missing = v.clinicRoomsRequired.filter((r) => !c.rooms!.includes(r));
    if (missing.length) parts.push({ verdict: 'fail', zh: `缺少${missing.map((m) => ROOM_ZH[m] ?? m).join('、')}`, en: `missing ${missing.join(', ')}` });
  }
  const neededStaff = f.population ? Math.ceil((f.population / 1000) * v.clinicStaffPer1000) : null;
  if (c.staff == null || neededStaff == null) parts.push({ verdict: 'unknown', zh: '未记录卫生室人员或服务人口', en: 'staff or population not recorded' });
  else if (c.staff < neededStaff) parts.push({ verdict: 'fail', zh: `卫生室人员 ${c.staff} 名，少于按人口应配的 ${neededStaff} 名`, en: `${c.staff} staff, fewer than the ${neededStaff} required` });
  const verdict = worstVerdict(parts.map((p) => p.verdict));
  const shown = parts.filter((p) => p.verdict === verdict);
  if (verdict === 'pass') return make(id, 'pass', c.areaM2, threshold, `卫生室 ${fmt(c.areaM2 ?? 0, 1)} 平方米，功能用房与人员齐备`, `clinic of ${fmt(c.areaM2 ?? 0, 1)} m² with all rooms and staff`);
  return make(id, verdict, c.areaM2, threshold, shown.map((p) => p.zh).join('；'), shown.map((p) => p.en).join('; '));
}

function doctor(f: VillageFacts, v: Thresholds['village']): RuleVerdict {
  const id = 'village.doctor';
  if (!f.clinic) return make(id, 'fail', null, v.doctorsMin, '无村卫生室，无合格村医', 'no clinic, no licensed doctor');
  const n = f.clinic.licensedDoctors;
  if (n == null) return make(id, 'unknown', null, v.doctorsMin, '未记录持证村医人数', 'licensed doctors not recorded');
  return n >= v.doctorsMin
    ? make(id, 'pass', n, v.doctorsMin, `持证村医 ${n} 名`, `${n} licensed doctor(s)`)
    : make(id, 'fail', n, v.doctorsMin, `持证村医 ${n} 名，少于 ${v.doctorsMin} 名`, `${n} licensed doctors, fewer than ${v.doctorsMin}`);
}

function broadband(f: VillageFacts, v: Thresholds['village']): RuleVerdict {
  const id = 'village.broadband';
  const threshold = { fibre: v.broadbandFibreRequired, minMbps: v.broadbandMinMbps };
  if (v.broadbandFibreRequired && f.broadbandFibre === false) return make(id, 'fail', { fibre: false, mbps: f.broadbandMbps }, threshold, '光纤未通达', 'no fibre');
  if ((v.broadbandFibreRequired && f.broadbandFibre == null) || f.broadbandMbps == null) return make(id, 'unknown', null, threshold, '未记录光纤或宽带速率', 'fibre or bandwidth not recorded');
  return f.broadbandMbps >= v.broadbandMinMbps
    ? make(id, 'pass', { fibre: f.broadbandFibre, mbps: f.broadbandMbps }, threshold, `光纤通达，宽带 ${f.broadbandMbps} 兆`, `fibre, ${f.broadbandMbps} Mbit/s`)
    : make(id, 'fail', { fibre: f.broadbandFibre, mbps: f.broadbandMbps }, threshold, `宽带 ${f.broadbandMbps} 兆，低于 ${v.broadbandMinMbps} 兆`, `${f.broadbandMbps} Mbit/s, below ${v.broadbandMinMbps}`);
}

import type { Thresholds } from '../thresholds';
import type { GroupFacts, RoadFacts } from '../facts';
import { fmt, make, type RuleVerdict } from '../verdict';
import type { Verdict } from '@cuntu/domain';

const SURFACE_ZH: Record<string, string> = { asphalt: '沥青', cement_concrete: '水泥混凝土', other_hardened: '其他硬化', gravel: '砂石', earth: '土路' };

/** road.surface and road.width of one segment. */
export function judgeRoadSegment(f: RoadFacts, t: Thresholds['road']): RuleVerdict[] {
  return [surface(f, t), width(f, t)];
}

/** Whether a segment counts as hardened under the profile: pass, fail or unknown (missing surface or width). */
export function segmentHardness(f: RoadFacts, t: Thresholds['road']): Verdict {
  const [s, w] = judgeRoadSegment(f, t);
  return s.verdict === 'fail' || w.verdict === 'fail' ? 'fail' : s.verdict === 'unknown' || w.verdict === 'unknown' ? 'unknown' : 'pass';
}

function surface(f: RoadFacts, t: Thresholds['road']): RuleVerdict {
  const id = 'road.surface';
  if (!f.surface) return make(id, 'unknown', null, t.hardenedSurfaces, '未记录路面类型', 'surface not recorded');
  const ok = (t.hardenedSurfaces as string[]).includes(f.surface);
  const zh = SURFACE_ZH[f.surface] ?? f.surface;
  return ok
    ? make(id, 'pass', f.surface, t.hardenedSurfaces, `${zh}路面，属硬化路面`, `${f.surface.replace('_', ' ')} surface is hardened`)
    : make(id, 'fail', f.surface, t.hardenedSurfaces, `${zh}路面，不属硬化路面`, `${f.surface} surface is not hardened`);
}

function width(f: RoadFacts, t: Thresholds['road']): RuleVerdict {
  const id = 'road.width';
  const min = f.exemption ? t.exemptMinWidthM : t.minWidthM;
  const threshold = { minWidthM: t.minWidthM, exemptMinWidthM: t.exemptMinWidthM, exemption: f.exemption };
  if (f.widthM == null) return make(id, 'unknown', null, threshold, '未记录路面宽度', 'width not recorded');
  const w = fmt(f.widthM, 2);
  if (f.widthM >= t.minWidthM) return make(id, 'pass', f.widthM, threshold, `路面宽 ${w} 米，达到 ${t.minWidthM} 米标准`, `${w} m wide, meets ${t.minWidthM} m`);
  if (f.exemption && f.widthM >= min) {
    return make(id, 'pass', f.widthM, threshold, `路面宽 ${w} 米，低于 ${t.minWidthM} 米，但有豁免，达到 ${min} 米标准`, `${w} m wide, below ${t.minWidthM} m but exempt (${f.exemption}), meets ${min} m`);
  }
  return make(id, 'fail', f.widthM, threshold, `通村路宽 ${w} 米，低于 ${min} 米标准`, `${w} m wide, below the ${min} m standard`);
}

/** road.group_coverage of one natural village; null when it is below the size threshold (not counted). */
export function judgeGroupCoverage(f: GroupFacts, t: Thresholds['road']): RuleVerdict | null {
  const id = 'road.group_coverage';
  const threshold = { minHouseholds: t.groupMinHouseholds, reachM: t.groupReachM };
  if (f.households == null) return make(id, 'unknown', null, threshold, `${f.name}未记录户数，无法判断是否须通组`, `${f.name}: household count not recorded`);
  if (f.households < t.groupMinHouseholds) return null;
  if (f.hardenedM != null && f.hardenedM <= t.groupReachM) {
    return make(id, 'pass', fmt(f.hardenedM, 0), threshold, `${f.name}（${f.households} 户）距硬化路 ${fmt(f.hardenedM, 0)} 米`, `${f.name} (${f.households} households) is ${fmt(f.hardenedM, 0)} m from a hardened road`);
  }
  if (f.possibleM != null && f.possibleM <= t.groupReachM) {
    return make(id, 'unknown', fmt(f.possibleM, 0), threshold, `${f.name}附近道路的路面或宽度未记录`, `${f.name}: the nearby road lacks surface or width data`);
  }
  const d = f.hardenedM == null ? '无' : `${fmt(f.hardenedM, 0)} 米`;
  return make(id, 'fail', f.hardenedM, threshold, `${f.name}（${f.households} 户）${t.groupReachM} 米内无硬化路（最近 ${d}）`, `${f.name} (${f.households} households) has no hardened road within ${t.groupReachM} m`);
}

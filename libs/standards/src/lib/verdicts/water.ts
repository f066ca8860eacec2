import type { Thresholds } from '../thresholds';
import type { WaterSourceFacts } from '../facts';
import { fmt, make, tierVerdict, worstTier, TIER_EN, TIER_ZH, type RuleVerdict, type WaterTier } from '../verdict';

const DAY_MS = 86_400_000;

const tiered = (ruleId: string, tier: WaterTier, measured: unknown, threshold: unknown, zh: string, en: string) =>
  make(ruleId, tierVerdict(tier), measured, threshold, `${zh}（${TIER_ZH[tier]}）`, `${en} (${TIER_EN[tier]})`, tier);

/** The four drinking-water criteria of one source, each tiered, judged on `asOf` (YYYY-MM-DD). */
export function judgeWaterSource(f: WaterSourceFacts, t: Thresholds['water'], asOf: string): RuleVerdict[] {
  return [quality(f, t, asOf), quantity(f, t), access(f, t), reliability(f, t)];
}

/** The source's overall tier: as safe as its worst indicator. */
export function waterSourceTier(verdicts: RuleVerdict[]): WaterTier {
  return worstTier(verdicts.map((v) => v.tier ?? 'unknown'));
}

function quality(f: WaterSourceFacts, t: Thresholds['water'], asOf: string): RuleVerdict {
  const id = 'water.quality';
  const threshold = { maxAgeDays: t.testMaxAgeDays };
  if (!f.latestTest) return tiered(id, 'unknown', null, threshold, '无水质检测记录', 'no water-quality test recorded');
  const age = Math.round((Date.parse(`${asOf}T00:00:00Z`) - Date.parse(`${f.latestTest.sampledOn}T00:00:00Z`)) / DAY_MS);
  const measured = { sampledOn: f.latestTest.sampledOn, ageDays: age };
  if (age > t.testMaxAgeDays) {
    return tiered(id, 'unknown', measured, threshold, `最近一次检测为 ${f.latestTest.sampledOn}，已超过 ${t.testMaxAgeDays} 天`, `latest test ${f.latestTest.sampledOn} is older than ${t.testMaxAgeDays} days`);
  }
  if (f.latestTest.meetsGb5749) return tiered(id, 'safe', measured, threshold, `${f.latestTest.sampledOn} 检测符合 GB 5749`, `test of ${f.latestTest.sampledOn} meets GB 5749`);
  if (f.latestTest.meetsRuralCriteria) return tiered(id, 'basically_safe', measured, threshold, `${f.latestTest.sampledOn} 检测符合农村实施准则`, `test of ${f.latestTest.sampledOn} meets the rural criteria`);
  if (f.latestTest.meetsGb5749 === null && f.latestTest.meetsRuralCriteria === null) {
    return tiered(id, 'unknown', measured, threshold, `${f.latestTest.sampledOn} 检测未记录结论`, `test of ${f.latestTest.sampledOn} has no recorded result`);
  }
  return tiered(id, 'unsafe', measured, threshold, `${f.latestTest.sampledOn} 检测不符合农村饮水水质要求`, `test of ${f.latestTest.sampledOn} fails the rural drinking-water criteria`);
}

function quantity(f: WaterSourceFacts, t: Thresholds['water']): RuleVerdict {
  const id = 'water.quantity';
  const region = f.regionType ?? 'water_rich'; // the stricter figure when the region type is not recorded
  const threshold = { safeLitres: t.quantity.safeLitres[region], basicLitres: t.quantity.basicLitres[region], regionType: region };
  if (f.dailyCapacityM3 == null || !f.populationServed) {
    return tiered(id, 'unknown', null, threshold, '未记录日供水能力或受益人口', 'daily capacity or population served not recorded');
  }
  const litres = (f.dailyCapacityM3 * 1000) / f.populationServed;
  const tier: WaterTier = litres >= threshold.safeLitres ? 'safe' : litres >= threshold.basicLitres ? 'basically_safe' : 'unsafe';
  const cmp = tier === 'unsafe' ? `低于 ${threshold.basicLitres} 升标准` : tier === 'basically_safe' ? `低于 ${threshold.safeLitres} 升，不低于 ${threshold.basicLitres} 升` : `不低于 ${threshold.safeLitres} 升标准`;
  return tiered(id, tier, fmt(litres, 1), threshold, `人均日供水 ${fmt(litres, 1)} 升，${cmp}`, `${fmt(litres, 1)} L per person per day (safe ≥ ${threshold.safeLitres}, basically safe ≥ ${threshold.basicLitres})`);
}

function access(f: WaterSourceFacts, t: Thresholds['water']): RuleVerdict {
  const id = 'water.access';
  const threshold = { safeMinutes: t.access.safeMinutes, basicMinutes: t.access.basicMinutes };
  if (f.pipedToYard) return tiered(id, 'safe', 'piped', threshold, '自来水入户', 'piped to the yard');
  if (f.fetchMinutes == null) return tiered(id, 'unknown', null, threshold, '未入户且未记录取水往返时间', 'not piped and no fetching time recorded');
  const m = f.fetchMinutes;
  const tier: WaterTier = m <= t.access.safeMinutes ? 'safe' : m <= t.access.basicMinutes ? 'basically_safe' : 'unsafe';
  return tiered(id, tier, m, threshold, `取水往返 ${fmt(m, 1)} 分钟（安全 ≤ ${t.access.safeMinutes}，基本安全 ≤ ${t.access.basicMinutes}）`, `round trip ${fmt(m, 1)} min (safe ≤ ${t.access.safeMinutes}, basically safe ≤ ${t.access.basicMinutes})`);
}

function reliability(f: WaterSourceFacts, t: Thresholds['water']): RuleVerdict {
  const id = 'water.reliability';
  const threshold = { safePct: t.reliability.safePct, basicPct: t.reliability.basicPct };
  if (f.reliabilityPct == null) return tiered(id, 'unknown', null, threshold, '未记录供水保证率', 'supply reliability not recorded');
  const r = f.reliabilityPct;
  const tier: WaterTier = r >= t.reliability.safePct ? 'safe' : r >= t.reliability.basicPct ? 'basically_safe' : 'unsafe';
  return tiered(id, tier, r, threshold, `供水保证率 ${fmt(r, 1)}%（安全 ≥ ${t.reliability.safePct}%，基本安全 ≥ ${t.reliability.basicPct}%）`, `supply reliability ${fmt(r, 1)} % (safe ≥ ${t.reliability.safePct} %, basically safe ≥ ${t.reliability.basicPct} %)`);
}

import type { Verdict } from '@cuntu/domain';

export type WaterTier = 'safe' | 'basically_safe' | 'unsafe' | 'unknown';

/** The judgement of one rule for one subject, with the reason a civil servant reads. */
export interface RuleVerdict {
  ruleId: string;
  verdict: Verdict;
  /** For tiered (water) rules. */
  tier?: WaterTier;
  /** What was measured (a number, or a small object for compound rules); null when data is missing. */
  measured: unknown;
  threshold: unknown;
  reasonZh: string;
  reasonEn: string;
}

export const make = (
  ruleId: string,
  verdict: Verdict,
  measured: unknown,
  threshold: unknown,
  reasonZh: string,
  reasonEn: string,
  tier?: WaterTier,
): RuleVerdict => ({ ruleId, verdict, measured, threshold, reasonZh, reasonEn, ...(tier ? { tier } : {}) });

/** A number for a reason text: at most `digits` decimals, no trailing zeros. */
export const fmt = (n: number, digits = 2): string => String(Math.round(n * 10 ** digits) / 10 ** digits);

/** The worst of several verdicts: any fail fails; else any unknown is unknown; else pass. */
export function worstVerdict(verdicts: Verdict[]): Verdict {
  if (verdicts.includes('fail')) return 'fail';
  if (verdicts.includes('unknown')) return 'unknown';
  return 'pass';
}

const TIER_ORDER: WaterTier[] = ['unsafe', 'unknown', 'basically_safe', 'safe'];
/** A source is as safe as its worst indicator; an unknown indicator makes it unknown unless another is unsafe. */
export const worstTier = (tiers: WaterTier[]): WaterTier => TIER_ORDER.find((t) => tiers.includes(t)) ?? 'unknown';
/** The best tier among several sources serving one group. */
export const bestTier = (tiers: WaterTier[]): WaterTier => [...TIER_ORDER].reverse().find((t) => tiers.includes(t)) ?? 'unknown';
export const tierVerdict = (tier: WaterTier): Verdict => (tier === 'unsafe' ? 'fail' : tier === 'unknown' ? 'unknown' : 'pass');
export const TIER_ZH: Record<WaterTier, string> = { safe: '安全', basically_safe: '基本安全', unsafe: '不安全', unknown: '未知' };
export const TIER_EN: Record<WaterTier, string> = { safe: 'safe', basically_safe: 'basically safe', unsafe: 'unsafe', unknown: 'unknown' };

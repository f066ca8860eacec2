import { EXIT_RULE_IDS } from './rules';
import type { RuleVerdict } from './verdict';

/** Exit readiness of a village: every village rule passes; otherwise the rules holding it back. */
export function exitReadiness(villageVerdicts: Array<Pick<RuleVerdict, 'ruleId' | 'verdict'>>): { ready: boolean; holdingBack: Array<{ ruleId: string; verdict: 'fail' | 'unknown' }> } {
  const holdingBack = EXIT_RULE_IDS.flatMap((ruleId) => {
    const found = villageVerdicts.find((v) => v.ruleId === ruleId);
    if (!found) return [{ ruleId, verdict: 'unknown' as const }];
    return found.verdict === 'pass' ? [] : [{ ruleId, verdict: found.verdict }];
  });
  return { ready: holdingBack.length === 0, holdingBack };
}

import { verdictSubjectOf, type EditorTeam, type LayerId, type RuleSubject } from '@cuntu/domain';
import { message, type Locale } from '@cuntu/messages';

/** The part of the standard a rule belongs to; the kind of subject it judges is a layer's (`@cuntu/domain`). */
export type RuleLayer = 'village' | 'road' | 'water' | 'house' | 'relocation';

export interface RuleDefinition {
  id: string;
  layer: RuleLayer;
  subject: RuleSubject;
  period: '2015–2020' | '2021–';
  /** Water verdicts also carry a tier: safe, basically safe, unsafe. */
  tiered?: boolean;
  /** Village rules make up exit readiness. */
  exitRule?: boolean;
  /** The team whose layers fix a failure (a rectification task's default team); none where no team's data does (poverty incidence). */
  team: EditorTeam | null;
  /** The documents it rests on (`document.<code>` in the catalogue); the clause it quotes is `rule.<id>.basis`. */
  documents: readonly DocumentCode[];
}

/** The source documents the rules cite (named in the catalogue: seed 002's Annex 1 is 《贫困村退出核查标准》). */
export type DocumentCode = 'exitStandard' | 'evaluationMethods' | 'villageSummary' | 'townReport' | 'villageSummaries' | 'selfAssessment';

/** A rule with its words in both languages, from the catalogue: title, explanation, and its source by document name and clause. */
export interface Rule extends RuleDefinition {
  titleZh: string;
  titleEn: string;
  explanationZh: string;
  explanationEn: string;
  sourceZh: string;
  sourceEn: string;
}

/** Where a rule comes from, as a civil servant cites it: the documents by name, then the clause. */
export function ruleSource(rule: RuleDefinition, locale: Locale): string {
  const documents = rule.documents.map((d) => message(locale, `document.${d}`)).join(locale === 'zh-CN' ? '、' : '; ');
  return `${documents} ${message(locale, `rule.${rule.id}.basis`)}`;
}

const rule = (r: RuleDefinition): Rule => ({
  ...r,
  titleZh: message('zh-CN', `rule.${r.id}.title`), titleEn: message('en', `rule.${r.id}.title`),
  explanationZh: message('zh-CN', `rule.${r.id}.explanation`), explanationEn: message('en', `rule.${r.id}.explanation`),
  sourceZh: ruleSource(r, 'zh-CN'), sourceEn: ruleSource(r, 'en'),
});

/** Every rule of STANDARDS.md, in its order. */
export const RULES: readonly Rule[] = [
  rule({ id: 'village.incidence', layer: 'village', team: null, subject: 'village', exitRule: true, period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'village.paved_road', layer: 'village', team: 'roads', subject: 'village', exitRule: true, period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'village.bus', layer: 'village', team: 'roads', subject: 'village', exitRule: true, period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'village.water', layer: 'village', team: 'water', subject: 'village', exitRule: true, tiered: true, period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'village.power', layer: 'village', team: 'roads', subject: 'village', exitRule: true, period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'village.tv', layer: 'village', team: 'roads', subject: 'village', exitRule: true, period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'village.culture', layer: 'village', team: 'roads', subject: 'village', exitRule: true, period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'village.clinic', layer: 'village', team: 'roads', subject: 'village', exitRule: true, period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'village.doctor', layer: 'village', team: 'roads', subject: 'village', exitRule: true, period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'village.broadband', layer: 'village', team: 'roads', subject: 'village', exitRule: true, period: '2015–2020', documents: ['exitStandard'] }),

  rule({ id: 'road.surface', layer: 'road', team: 'roads', subject: 'road', period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'road.width', layer: 'road', team: 'roads', subject: 'road', period: '2015–2020', documents: ['exitStandard', 'villageSummaries', 'selfAssessment'] }),
  rule({ id: 'road.reaches_committee', layer: 'road', team: 'roads', subject: 'village', period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'road.group_coverage', layer: 'road', team: 'roads', subject: 'group', period: '2015–2020', documents: ['villageSummaries', 'selfAssessment'] }),

  rule({ id: 'water.quality', layer: 'water', team: 'water', subject: 'water_source', tiered: true, period: '2015–2020', documents: ['exitStandard', 'villageSummaries'] }),
  rule({ id: 'water.quantity', layer: 'water', team: 'water', subject: 'water_source', tiered: true, period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'water.access', layer: 'water', team: 'water', subject: 'water_source', tiered: true, period: '2015–2020', documents: ['exitStandard'] }),
  rule({ id: 'water.reliability', layer: 'water', team: 'water', subject: 'water_source', tiered: true, period: '2015–2020', documents: ['exitStandard'] }),

  rule({ id: 'house.safety', layer: 'house', team: 'housing', subject: 'house', period: '2015–2020', documents: ['villageSummary', 'townReport', 'evaluationMethods'] }),
  rule({ id: 'house.priority', layer: 'house', team: 'housing', subject: 'house', period: '2015–2020', documents: ['villageSummary'] }),
  rule({ id: 'house.rebuild_area', layer: 'house', team: 'housing', subject: 'house', period: '2015–2020', documents: ['evaluationMethods'] }),
  rule({ id: 'house.old_demolished', layer: 'house', team: 'housing', subject: 'house', period: '2015–2020', documents: ['townReport'] }),

  rule({ id: 'relocation.area', layer: 'relocation', team: 'housing', subject: 'relocation_site', period: '2015–2020', documents: ['evaluationMethods'] }),
  rule({ id: 'relocation.self_funding', layer: 'relocation', team: 'housing', subject: 'relocation_site', period: '2015–2020', documents: ['evaluationMethods'] }),
  rule({ id: 'relocation.old_home', layer: 'relocation', team: 'housing', subject: 'relocation_site', period: '2015–2020', documents: ['evaluationMethods'] }),
  rule({ id: 'relocation.employment', layer: 'relocation', team: 'housing', subject: 'relocation_site', period: '2015–2020', documents: ['evaluationMethods'] }),
  rule({ id: 'relocation.services', layer: 'relocation', team: 'housing', subject: 'relocation_site', period: '2015–2020', documents: ['evaluationMethods'] }),
];

export const RULE_IDS = RULES.map((r) => r.id);

/**
 * The rules whose verdicts a layer's features carry, in the standard's order: their own subject's, or
 * those they take from another layer (a clinic: its village's clinic rule). What colours a map layer,
 * and what an OGC feature, tile set and filter name.
 */
export function rulesCarriedBy(layer: LayerId): Rule[] {
  const carried = verdictSubjectOf(layer);
  return carried ? RULES.filter((r) => r.subject === carried.subject && (!carried.rules || carried.rules.includes(r.id))) : [];
}
export const EXIT_RULE_IDS = RULES.filter((r) => r.exitRule).map((r) => r.id);

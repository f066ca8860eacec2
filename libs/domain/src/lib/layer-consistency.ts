import type { Locale } from '@cuntu/messages';
import { RENOVATION_STATUSES } from './enums';
import type { LayerId } from './layers';
import { renovationStepProblems, type RenovationStatus } from './renovation-workflow';

/** A property that contradicts the others, and what is wrong, in either language. */
export interface ConsistencyProblem {
  field: string;
  problem: (locale: Locale) => string;
}

/**
 * What a feature's properties, taken together, may not say — the rules one property's schema cannot
 * see: a house's renovation status needs what the house rules read at that step (a rebuilt house is
 * not accepted before the old one is demolished). Every write path asks this of the state it would
 * store: the form, PATCH, PUT, OGC and import. Given the state before (`previous`, on an update), a
 * workflow step is checked only when it is taken, so an older record can still be corrected field
 * by field.
 */
export function consistencyProblems(layer: LayerId, properties: Record<string, unknown>, previous?: Record<string, unknown>): ConsistencyProblem[] {
  if (layer !== 'houses') return [];
  const status = properties.renovationStatus;
  if (previous && status === previous.renovationStatus) return [];
  if (typeof status !== 'string' || !(RENOVATION_STATUSES as readonly string[]).includes(status)) return [];
  return renovationStepProblems(properties, status as RenovationStatus).map((p) => ({
    field: p.field, problem: (locale: Locale) => (locale === 'zh-CN' ? p.problemZh : p.problemEn),
  }));
}

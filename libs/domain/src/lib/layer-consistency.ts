import { message, type Locale } from '@cuntu/messages';
import { fieldLabel } from './field-labels';
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
  const hierarchy = divisionProblems(properties);
  if (layer !== 'houses') return hierarchy;
  return [...hierarchy, ...renovationProblems(properties, previous)];
}

/**
 * Division codes nest (GB/T 2260 and the statistical codes): a town's code begins with its county's first
 * six digits, a village's with its town's first nine, a group's (natural village's) with its village's twelve. A code under another
 * parent is refused at the child's field, naming the parent.
 */
const NESTING = [
  { child: 'code', parent: 'countyCode', digits: 6, childLength: 12 },
  { child: 'code', parent: 'townCode', digits: 9, childLength: 12 },
  { child: 'code', parent: 'villageCode', digits: 12, childLength: 15 },
  { child: 'groupCode', parent: 'villageCode', digits: 12, childLength: 15 },
] as const;

function divisionProblems(properties: Record<string, unknown>): ConsistencyProblem[] {
  return NESTING.flatMap(({ child, parent, digits, childLength }) => {
    const code = properties[child];
    const under = properties[parent];
    if (typeof code !== 'string' || typeof under !== 'string' || code.length !== childLength || code.slice(0, digits) === under.slice(0, digits)) return [];
    return [{ field: child, problem: (locale: Locale) => message(locale, 'validation.codeNotUnder', { code, parent: fieldLabel(parent, locale), under, digits }) }];
  });
}

function renovationProblems(properties: Record<string, unknown>, previous?: Record<string, unknown>): ConsistencyProblem[] {
  const status = properties.renovationStatus;
  if (previous && status === previous.renovationStatus) return [];
  if (typeof status !== 'string' || !(RENOVATION_STATUSES as readonly string[]).includes(status)) return [];
  return renovationStepProblems(properties, status as RenovationStatus).map((p) => ({
    field: p.field, problem: (locale: Locale) => (locale === 'zh-CN' ? p.problemZh : p.problemEn),
  }));
}

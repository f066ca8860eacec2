import { valueLabel } from '@cuntu/domain';
import { message, type Locale } from '@cuntu/messages';

/**
 * How a stored value is shown in a table: coded values by their name in the catalogue (under the
 * property they belong to, when known), a dash for missing, lists joined.
 */
export function displayValue(value: unknown, property: string | null = null, locale: Locale = 'zh-CN'): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map((v) => displayValue(v, property, locale)).join(locale === 'zh-CN' ? '、' : ', ');
  if (typeof value === 'boolean' || typeof value === 'string') return valueLabel(property, value, locale);
  return String(value);
}

/** How many counties a header or a map names one by one; more are counted (a province's hundred names would fill the screen). */
export const NAMED_COUNTIES = 3;

/** The counties a user holds, as a header or a map's summary says it: their names when few, else how many. */
export function countiesHeld(names: readonly string[], locale: Locale = 'zh-CN'): string {
  if (names.length === 0) return message(locale, 'app.noData');
  if (names.length > NAMED_COUNTIES) return message(locale, 'app.countiesHeld', { n: names.length });
  return names.join(locale === 'zh-CN' ? '、' : ', ');
}

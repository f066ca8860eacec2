import { valueLabel } from '@cuntu/domain';
import type { Locale } from '@cuntu/messages';

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

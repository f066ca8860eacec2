import { CATALOGUES, hasMessage, message, type Locale } from '@cuntu/messages';

/**
 * How a stored value of a property reads (`value.<property>.<value>` in the catalogue; yes / no for
 * booleans): 村 for a village's kind, 村道 for a road's class. Without a property, the first property
 * whose values name it. The value itself when the catalogue has none.
 */
export function valueLabel(property: string | null, value: string | number | boolean, locale: Locale = 'zh-CN'): string {
  if (typeof value === 'boolean') return message(locale, `value.boolean.${value}`);
  if (property !== null) {
    const key = `value.${property}.${value}`;
    return hasMessage(key) ? message(locale, key) : String(value);
  }
  const owner = Object.keys(CATALOGUES[locale].value).find((p) => p !== 'boolean' && hasMessage(`value.${p}.${value}`));
  return owner ? message(locale, `value.${owner}.${value}`) : String(value);
}

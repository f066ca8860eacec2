import type { z } from 'zod';
import { hasMessage, message, type Locale } from '@cuntu/messages';
import { valueLabel } from './value-labels';
import { fieldLabel } from './field-labels';

type Issue = z.core.$ZodIssue;

/**
 * What a validation problem means, in the user's language (`validation.*` in the catalogue): what is
 * wrong and what is expected, never the validator's own English. `value` is what was given for the
 * field: nothing given reads as "required", whatever the validator's code for it.
 */
export function issueText(issue: Issue, value: unknown, locale: Locale = 'zh-CN'): string {
  const say = (key: string, params: Record<string, string | number> = {}) => message(locale, `validation.${key}`, params);
  const property = String(issue.path[0] ?? '');
  if (issue.code !== 'unrecognized_keys' && (value === undefined || value === null || value === '')) return say('required');
  switch (issue.code) {
    case 'invalid_value':
      return say('oneOf', { options: issue.values.map((v) => valueLabel(property, String(v), locale)).join(locale === 'zh-CN' ? '、' : ', ') });
    case 'too_small':
      if (issue.origin === 'string') return say('minLength', { n: Number(issue.minimum) });
      if (issue.origin === 'array') return say('minItems', { n: Number(issue.minimum) });
      return say(issue.inclusive ? 'atLeast' : 'above', { n: Number(issue.minimum) });
    case 'too_big':
      if (issue.origin === 'string') return say('maxLength', { n: Number(issue.maximum) });
      if (issue.origin === 'array') return say('maxItems', { n: Number(issue.maximum) });
      return say(issue.inclusive ? 'atMost' : 'below', { n: Number(issue.maximum) });
    case 'invalid_type':
      return say(issue.expected === 'int' ? 'wholeNumber' : issue.expected === 'number' ? 'number' : issue.expected === 'boolean' ? 'yesNo' : 'invalid');
    case 'unrecognized_keys':
      return say('unknownFields', { fields: issue.keys.join(', ') });
    default:
      // Our schemas give their formats and refinements catalogue keys (`validation.code12`); a refinement's
      // params fill the message, a `field` param named as users read it.
      return hasMessage(issue.message) ? message(locale, issue.message, refinementParams(issue, locale)) : say('invalid');
  }
}

function refinementParams(issue: Issue, locale: Locale): Record<string, string | number> {
  const params = (issue.code === 'custom' ? issue.params : undefined) ?? {};
  return Object.fromEntries(Object.entries(params).map(([name, value]) => [name, name === 'field' ? fieldLabel(String(value), locale) : value as string | number]));
}

/** The problems of a parse, by field (the first one of each), in the user's language. */
export function problemsByField(issues: readonly Issue[], values: Record<string, unknown>, locale: Locale = 'zh-CN'): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const field = issue.path.map(String).join('.') || '_';
    out[field] ??= issueText(issue, values[String(issue.path[0] ?? '')], locale);
  }
  return out;
}

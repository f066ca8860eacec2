import type { Catalogue } from './catalogue-shape';
import { ZH_CN } from './zh-CN';
import { EN } from './en';

/** The languages Cuntu speaks, Chinese first. */
export const LOCALES = ['zh-CN', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'zh-CN';

/** The one message catalogue, by language (vue-i18n takes it as it is). */
export const CATALOGUES: Readonly<Record<Locale, Catalogue>> = { 'zh-CN': ZH_CN, en: EN };

export type MessageParams = Readonly<Record<string, string | number>>;

function lookup(catalogue: Catalogue, key: string): string | undefined {
  let node: unknown = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object' || node === null || !Object.hasOwn(node, part)) return undefined;
    node = (node as Record<string, unknown>)[part];
  }
  return typeof node === 'string' ? node : undefined;
}

/** Every key of a catalogue, in its order (`a.b.c` for each message). */
export const messageKeys = (locale: Locale = DEFAULT_LOCALE): string[] => {
  const walk = (node: unknown, prefix: string): string[] =>
    typeof node === 'string' ? [prefix] : Object.entries(node as Record<string, unknown>).flatMap(([k, v]) => walk(v, prefix ? `${prefix}.${k}` : k));
  return walk(CATALOGUES[locale], '');
};

/** Whether the catalogue has a message under `key` (in Chinese; English has the same keys). */
export const hasMessage = (key: string): boolean => lookup(ZH_CN, key) !== undefined;

/**
 * The message under `key` in a language, its `{name}` placeholders filled from `params` (the syntax
 * vue-i18n reads too); Chinese when the language lacks it, `fallback` (else the key) when neither has it.
 */
export function message(locale: Locale, key: string, params: MessageParams = {}, fallback?: string): string {
  const text = lookup(CATALOGUES[locale], key) ?? lookup(ZH_CN, key);
  if (text === undefined) return fallback ?? key;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (Object.hasOwn(params, name) ? String(params[name]) : whole));
}

/** The message in every language, Chinese first, joined by `separator`: for words said before anyone's language is known (a console, a file). */
export const inEveryLocale = (key: string, params?: MessageParams, separator = ' / '): string =>
  LOCALES.map((locale) => message(locale, key, params)).join(separator);

/** The language an `Accept-Language` header prefers among ours (its highest-weighted match), Chinese when none matches. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  const ranked = (acceptLanguage ?? '').split(',').map((part, i) => {
    const [tag, ...attrs] = part.trim().toLowerCase().split(';');
    const q = attrs.map((a) => a.trim()).find((a) => a.startsWith('q='));
    return { tag, weight: q ? Number(q.slice(2)) : 1, i };
  }).filter((r) => r.tag && Number.isFinite(r.weight) && r.weight > 0).sort((a, b) => b.weight - a.weight || a.i - b.i);
  for (const { tag } of ranked) {
    if (tag === 'en' || tag.startsWith('en-')) return 'en';
    if (tag === 'zh' || tag.startsWith('zh-')) return 'zh-CN';
  }
  return DEFAULT_LOCALE;
}

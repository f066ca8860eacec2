export { LOCALES, DEFAULT_LOCALE, CATALOGUES, message, inEveryLocale, messageKeys, hasMessage, negotiateLocale } from './lib/catalogue';
export type { Locale, MessageParams } from './lib/catalogue';
export type { Catalogue } from './lib/catalogue-shape';

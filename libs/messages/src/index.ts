export { LOCALES, DEFAULT_LOCALE, CATALOGUES, message, hasMessage, bilingual, negotiateLocale } from './lib/catalogue';
export type { Locale, MessageParams } from './lib/catalogue';
export type { Catalogue } from './lib/catalogue-shape';

import { createI18n, useI18n } from 'vue-i18n';
import { CATALOGUES, type Locale } from '@cuntu/messages';

const STORAGE_KEY = 'cuntu.locale';

/** The locale the user chose last (kept in localStorage), Chinese by default. */
export function savedLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

export function saveLocale(locale: Locale): void {
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, locale);
}

/** The i18n instance of an app, over the one catalogue (`@cuntu/messages`); the shell's is shared with the micro-apps it hosts. */
export function createCuntuI18n(locale: Locale = savedLocale()) {
  // The page says its language: screen readers, and the API client, which asks the API to answer in it.
  if (typeof document !== 'undefined') document.documentElement.lang = locale;
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: CATALOGUES as never });
}

/** The language switch of a screen: Chinese ⇄ English, remembered, and said on the page (`<html lang>`). */
export function useLanguageSwitch(): () => void {
  const { locale } = useI18n();
  return () => {
    const next: Locale = locale.value === 'zh-CN' ? 'en' : 'zh-CN';
    locale.value = next;
    saveLocale(next);
    document.documentElement.lang = next;
  };
}

import { describe, expect, it } from 'vitest';
import { message, messageKeys } from '@cuntu/messages';
import { createCuntuI18n } from './messages';


describe('the catalogue in vue-i18n', () => {
  it('renders every message as the server renders it (no message trips vue-i18n\'s syntax)', () => {
    for (const locale of ['zh-CN', 'en'] as const) {
      const { global } = createCuntuI18n(locale) as unknown as { global: { t: (key: string, params: Record<string, unknown>) => string } };
      const t = global.t;
      for (const key of messageKeys(locale)) {
        // A value for every placeholder the message has: 'a' for {a}.
        const params = Object.fromEntries([...message(locale, key).matchAll(/\{(\w+)\}/g)].map(([, name]) => [name, name]));
        expect(t(key, params), `${locale} ${key}`).toBe(message(locale, key, params));
      }
    }
  });
});

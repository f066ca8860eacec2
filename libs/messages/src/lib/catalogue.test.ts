import { describe, expect, it } from 'vitest';
import { message, messageKeys, negotiateLocale } from './catalogue';


describe('the message catalogue', () => {
  it('has the same keys in both languages, none empty (but a Chinese measure word, which English has none of)', () => {
    const zh = messageKeys('zh-CN');
    expect(messageKeys('en')).toEqual(zh);
    for (const key of zh) expect(message('zh-CN', key), key).not.toBe('');
    expect(zh.filter((key) => message('en', key) === '')).toEqual(['map.count']);
  });

  it('speaks English without Chinese, apart from the name of the other language', () => {
    const chinese = messageKeys('en').filter((k) => /[\u4e00-\u9fff]/.test(message('en', k)));
    expect(chinese).toEqual(['app.language']);
  });

  it('fills placeholders and falls back to Chinese, then to what the caller gives', () => {
    expect(message('en', 'common.totalFeatures', { n: 12 })).toBe('12 features in all');
    expect(message('zh-CN', 'common.totalFeatures', { n: 12 })).toBe('共 12 个要素');
    expect(message('en', 'no.such.key', {}, 'fallback')).toBe('fallback');
    expect(message('en', 'no.such.key')).toBe('no.such.key');
  });

  it('picks the language an Accept-Language header prefers, Chinese by default', () => {
    expect(negotiateLocale(undefined)).toBe('zh-CN');
    expect(negotiateLocale('en-GB,en;q=0.9')).toBe('en');
    expect(negotiateLocale('fr-FR, en;q=0.5, zh-CN;q=0.8')).toBe('zh-CN');
    expect(negotiateLocale('de')).toBe('zh-CN');
    expect(negotiateLocale('zh-TW;q=0, en-US')).toBe('en');
  });
});

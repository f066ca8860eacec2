import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { hasMessage, messageKeys } from '@cuntu/messages';
import { catalogueKeysUsed, chineseInScript, chineseInVue, chineseOutsideCatalogue } from './chinese-literals';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const KEYS = messageKeys();
const hasNamespace = (key: string) => KEYS.some((k) => k.startsWith(`${key}.`));
/**
 * Files that still write Chinese words in code, and how many: the catalogue is taking them in step by
 * step. The list may only shrink: a file not on it, or with more than its count, fails; a file with
 * fewer fails too, until its count here is lowered (or it is taken off).
 */
const STILL_TO_MOVE: Record<string, number> = JSON.parse(readFileSync(new URL('./chinese-literals.baseline.json', import.meta.url), 'utf8'));

describe('Chinese words live in the catalogue', () => {
  it('finds Chinese in string and template literals and in templates, not in comments', () => {
    expect(chineseInScript("// 注释\n/** 说明 */\nconst a = '道路';\nconst b = `共 ${n} 个`;\nconst c = 'road';")).toEqual(['道路', '共 ', ' 个']);
    expect(chineseInVue('<script setup lang="ts">\nconst x = \'保存\';\n</script>\n<template>\n  <!-- 注释 -->\n  <p>{{ t(\'a\') }}</p>\n  <b>取消</b>\n</template>')).toEqual(['<b>取消</b>', '保存']);
  });

  it('outside the catalogue, data and tests, only in the files still to move, and never more there', () => {
    const now = Object.fromEntries(Object.entries(chineseOutsideCatalogue(ROOT)).map(([file, found]) => [file, found.length]));
    const grown = Object.entries(now).filter(([file, n]) => n > (STILL_TO_MOVE[file] ?? 0)).map(([file, n]) => `${file}: ${n} (allowed ${STILL_TO_MOVE[file] ?? 0})`);
    expect(grown, 'Chinese written in code: put it in libs/messages').toEqual([]);
    const shrunk = Object.entries(STILL_TO_MOVE).filter(([file, n]) => (now[file] ?? 0) < n).map(([file]) => `${file}: ${now[file] ?? 0}`);
    expect(shrunk, 'fewer than chinese-literals.baseline.json says: lower it').toEqual([]);
  });
});

describe('the catalogue keys the code asks for', () => {
  it('all exist (a key built at run time: its namespace does)', () => {
    const used = catalogueKeysUsed(ROOT);
    expect(used.length).toBeGreaterThan(100);
    const missing = used.filter(({ key, prefix }) => (prefix ? !hasNamespace(key.replace(/\.$/, '')) : !hasMessage(key))).map(({ file, key }) => `${file}: ${key}`);
    expect(missing).toEqual([]);
  });
});

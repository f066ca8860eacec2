import WORDS from './place-name-words.json';
import type { TOWN_KINDS } from '../enums';

type TownKind = (typeof TOWN_KINDS)[number];

const alternatives = (words: readonly string[]) => words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|');
const VILLAGE_SUFFIX = new RegExp(`(${alternatives(WORDS.villageSuffixes)})$`);
const VILLAGE_KIND = new RegExp(`^(${alternatives(WORDS.villageKinds)})`);
const GROUP_SUFFIX = new RegExp(`(${alternatives(WORDS.groupSuffixes)})$`);
const SPACES = new RegExp(`[\\s\\u3000${WORDS.separators}]`, 'g');
const { numerals, ten } = WORDS;
const NUMBER = new RegExp(`[${numerals}]?${ten}[${numerals}]?|[${numerals}]`, 'g');

/** 三 → 3, 十二 → 12, 二十 → 20: a group's number as ledgers write it either way. */
const arabic = (text: string) => text.replace(NUMBER, (n) => {
  if (!n.includes(ten)) return String(numerals.indexOf(n) + 1);
  const [tens, ones] = n.split(ten);
  return String((tens ? numerals.indexOf(tens) + 1 : 1) * 10 + (ones ? numerals.indexOf(ones) + 1 : 0));
});

/**
 * What a village is called, whatever the ledger adds: 村 / 嘎查 / 村委会 suffixes (as many as are written:
 * 西村村委会 is 西村), full-width characters, spaces (`place-name-words.json`).
 */
export function villageNameKey(name: string): string {
  let key = name.normalize('NFKC').replace(SPACES, '');
  for (let shorter = key.replace(VILLAGE_SUFFIX, ''); shorter && shorter !== key; shorter = key.replace(VILLAGE_SUFFIX, '')) key = shorter;
  return key;
}

/**
 * What a natural village (group) is called, whatever the ledger adds or leaves out: its village's name
 * before it (后平安一组 is 一组 of 后平安村), 第, 村民小组 / 小组 / 组 / 自然村 / 社 / 屯, numerals in
 * either script, full-width characters, spaces.
 */
export function groupNameKey(name: string, villageName = ''): string {
  const plain = name.normalize('NFKC').replace(SPACES, '');
  const village = villageNameKey(villageName);
  const own = village && plain.startsWith(village) && plain.length > village.length ? plain.slice(village.length).replace(VILLAGE_KIND, '') : plain;
  return arabic((own.startsWith(WORDS.groupPrefix) ? own.slice(WORDS.groupPrefix.length) : own).replace(GROUP_SUFFIX, ''));
}

/** A town's kind by what its name ends with: 苏木, 乡, else 镇 (`place-name-words.json`). */
export const townKindOf = (name: string): TownKind =>
  (WORDS.townKinds.find(([suffix]) => name.trim().endsWith(suffix))?.[1] ?? 'town') as TownKind;

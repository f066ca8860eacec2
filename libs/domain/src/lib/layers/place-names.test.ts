import { describe, expect, it } from 'vitest';
import { groupNameKey, villageNameKey } from './place-names';

describe('place names as county ledgers write them', () => {
  it('reads a village\'s name whatever the ledger adds: 村 / 嘎查 / 村委会 suffixes, full-width characters, spaces', () => {
    expect(villageNameKey('后平安村')).toBe('后平安');
    expect(villageNameKey('后平安村民委员会')).toBe('后平安');
    expect(villageNameKey('巴彦花嘎查村民委员会')).toBe('巴彦花');
    expect(villageNameKey('巴彦花\u3000嘎查')).toBe('巴彦花');
    // A village whose name ends in 村, with the committee written after it: 西村 村委会 is 西村.
    expect(villageNameKey('西村 村委会')).toBe(villageNameKey('西村'));
    expect(villageNameKey('东村村民委员会')).toBe(villageNameKey('东村'));
    expect(villageNameKey('村')).toBe('村');
  });

  it('reads a group\'s name with or without its village, in either numerals, with 第 / 组 / 村民小组', () => {
    const same = ['后平安三组', '三组', '3组', '第三组', '第3村民小组', '后平安村三组', '３组'];
    for (const name of same) expect(groupNameKey(name, '后平安村'), name).toBe('3');
    expect(groupNameKey('十二组')).toBe('12');
    expect(groupNameKey('二十一组')).toBe('21');
    expect(groupNameKey('后平安二组', '后平安村')).not.toBe(groupNameKey('三组', '后平安村'));
    expect(groupNameKey('西营子', '后平安村')).toBe('西营子');
  });
});

import { describe, expect, it } from 'vitest';
import { createVillageMatcher } from './village-matcher';

const VILLAGES = [
  { code: '150525100201', name: '后平安村', townName: '大沁他拉镇' },
  { code: '150525100203', name: '巴彦花嘎查', townName: '大沁他拉镇' },
  { code: '150525104201', name: '新村', townName: '八仙筒镇' },
  { code: '150525105201', name: '新村', townName: '东明镇' },
];

describe('finding a ledger row\'s village', () => {
  it('by code (full-width digits too), else by name with its variants; a name two towns share needs the town; the closest names when none matches', () => {
    const matcher = createVillageMatcher(VILLAGES);
    expect(matcher.match(null, '后平安')).toEqual({ village: VILLAGES[0] });
    expect(matcher.match(null, '巴彦花 嘎查委员会')).toEqual({ village: VILLAGES[1] });
    expect(matcher.match('１５０５２５１００２０１', null)).toEqual({ village: VILLAGES[0] });
    expect(matcher.match(null, '新村')).toMatchObject({ problem: 'ambiguous_name', candidates: [VILLAGES[2], VILLAGES[3]] });
    expect(matcher.match(null, '新村', '东明镇')).toEqual({ village: VILLAGES[3] });
    expect(matcher.match(null, '后平')).toMatchObject({ problem: 'unknown_name', candidates: [VILLAGES[0]] });
    expect(matcher.match('150525999999', '后平安村')).toMatchObject({ problem: 'unknown_code', candidates: [VILLAGES[0]] });
    expect(matcher.match(null, null)).toMatchObject({ problem: 'no_village' });
  });
});

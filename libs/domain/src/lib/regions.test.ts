import { describe, expect, it } from 'vitest';
import { regionAt, regionCodeOf, regionCovers, regionLevelOf, regionPrefixOf, regionsOverlap } from './regions';

describe('region codes', () => {
  it('reads the level from the trailing zeros', () => {
    expect(regionLevelOf('150000000000')).toBe('province');
    expect(regionLevelOf('150500000000')).toBe('prefecture');
    expect(regionLevelOf('150525000000')).toBe('county');
    expect(regionLevelOf('150525100000')).toBe('town');
    expect(regionLevelOf('150525100201')).toBe('village');
    expect(regionPrefixOf('150525100000')).toBe('150525100');
    expect(regionAt('150525100201', 'county')).toBe('150525000000');
  });

  it('covers what begins with its digits, and nothing without a code unless it is the whole deployment', () => {
    expect(regionCovers('150525000000', '150525100201')).toBe(true);
    expect(regionCovers('150525000000', '150526100201')).toBe(false);
    expect(regionCovers('150500000000', '150526100201')).toBe(true);
    expect(regionCovers('150525000000', null)).toBe(false);
    expect(regionCovers(null, null)).toBe(true);
    expect(regionsOverlap('150525100000', '150500000000')).toBe(true);
    expect(regionsOverlap('150525000000', '150526000000')).toBe(false);
  });

  it('places a feature by its finest code that is set', () => {
    expect(regionCodeOf(['villageCode', 'countyCode'], { villageCode: null, countyCode: '150525000000' })).toBe('150525000000');
    expect(regionCodeOf(['villageCode', 'countyCode'], { villageCode: '150525100201', countyCode: '150525000000' })).toBe('150525100201');
    expect(regionCodeOf(['villageCode'], {})).toBeNull();
  });
});

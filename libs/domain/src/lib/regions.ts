/**
 * The region hierarchy by statistical division code (统计用区划代码, 12 digits): 2 digits name the
 * province, 4 the prefecture, 6 the county, 9 the town, all 12 the village; the rest is zeros. An
 * account's region is one such code; it covers every code that begins with its own significant digits.
 */
export const REGION_LEVELS = ['province', 'prefecture', 'county', 'town', 'village'] as const;
export type RegionLevel = (typeof REGION_LEVELS)[number];

/** The significant digits of each level. */
const DIGITS: Record<RegionLevel, number> = { province: 2, prefecture: 4, county: 6, town: 9, village: 12 };

/** The levels an account may be limited to (a village is too small to administer). */
export const ACCOUNT_REGION_LEVELS = ['province', 'prefecture', 'county', 'town'] as const satisfies readonly RegionLevel[];

export const isRegionCode = (code: unknown): code is string => typeof code === 'string' && /^\d{12}$/.test(code) && !code.startsWith('00');

/** The level a code names: the coarsest whose digits are followed by zeros only. */
export function regionLevelOf(code: string): RegionLevel {
  return REGION_LEVELS.find((level) => /^0*$/.test(code.slice(DIGITS[level]))) ?? 'village';
}

/** The leading digits every code inside the region starts with (`150525` for 奈曼旗, 150525000000). */
export const regionPrefixOf = (code: string): string => code.slice(0, DIGITS[regionLevelOf(code)]);

/** The code of the region at `level` that holds `code` (its county, its prefecture…). */
export const regionAt = (code: string, level: RegionLevel): string => code.slice(0, DIGITS[level]).padEnd(12, '0');

/** Whether `region` (null: the whole deployment) covers the place `code` names; a place with no code is in no region but the whole. */
export function regionCovers(region: string | null, code: string | null | undefined): boolean {
  if (region === null) return true;
  return typeof code === 'string' && code.startsWith(regionPrefixOf(region));
}

/** Whether two regions overlap: one covers the other (null is everywhere). */
export const regionsOverlap = (a: string | null, b: string | null): boolean => a === null || b === null || regionCovers(a, b) || regionCovers(b, a);

/** The code placing a feature: the first of its layer's region properties that is set. */
export function regionCodeOf(regionProperties: readonly string[], properties: Record<string, unknown>): string | null {
  for (const name of regionProperties) {
    const value = properties[name];
    if (typeof value === 'string' && value !== '') return value;
  }
  return null;
}

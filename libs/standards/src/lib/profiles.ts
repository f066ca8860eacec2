import { DEFAULT_THRESHOLDS, type Thresholds } from './thresholds';

/** A named, versioned threshold set as shipped; stored in `standards_profiles` on start. */
export interface ShippedProfile {
  key: string;
  version: number;
  nameZh: string;
  nameEn: string;
  sourceNote: string;
  thresholds: Thresholds;
  /** The profile a new deployment judges by. */
  isDefault: boolean;
}

const withChanges = (change: (t: Thresholds) => void): Thresholds => {
  const copy = structuredClone(DEFAULT_THRESHOLDS);
  change(copy);
  return copy;
};

/** The profiles Cuntu ships: the default, the western-region variant and the 2018 water criteria. */
export const SHIPPED_PROFILES: ShippedProfile[] = [
  {
    key: 'national-2015',
    version: 1,
    nameZh: '贫困村退出标准（默认，2015–2020）',
    nameEn: 'Village exit standard (default, 2015–2020)',
    sourceNote: 'Seed 002 Annex 1 贫困村退出核查标准: incidence 2 %, road 3.5 m (3.0 m exempt), bus 2 km, clinic 60 m², broadband 50 Mbit/s; water 水农〔2004〕547号 (40 L, 10 min, 95 %); relocation red lines 25 m², 2,500 / 10,000 yuan.',
    thresholds: DEFAULT_THRESHOLDS,
    isDefault: true,
  },
  {
    key: 'western-2015',
    version: 1,
    nameZh: '贫困村退出标准（西部地区，贫困发生率 3%）',
    nameEn: 'Village exit standard (western region, 3 % incidence)',
    sourceNote: 'As the default, with the western-region poverty incidence threshold of 3 % (STANDARDS.md, county exit).',
    thresholds: withChanges((t) => {
      t.village.incidenceMaxPct = 3;
    }),
    isDefault: false,
  },
  {
    key: 'water-2018',
    version: 1,
    nameZh: '贫困村退出标准（2018 饮水安全评价准则）',
    nameEn: 'Village exit standard with the 2018 drinking-water criteria',
    sourceNote: 'As the default, with T/CHES 18-2018 as restated by county water bureaus: ≥ 35 L (water-rich) / ≥ 20 L (water-scarce), one trip ≤ 20 min or piped, supply ≥ 90 % (≤ 36 days without water a year).',
    thresholds: withChanges((t) => {
      t.water.quantity = { safeLitres: { water_rich: 35, water_scarce: 20 }, basicLitres: { water_rich: 35, water_scarce: 20 } };
      t.water.access = { safeMinutes: 20, basicMinutes: 20 };
      t.water.reliability = { safePct: 90, basicPct: 90 };
    }),
    isDefault: false,
  },
];

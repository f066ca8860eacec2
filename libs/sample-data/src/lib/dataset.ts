import type {
  counties, towns, villages, villageGroups, villageStats, roads, villageFacilities,
  waterSources, waterTests, waterSourceGroups, houses, relocationSites, povertyAssets,
} from '@cuntu/db';

type Row<T extends { $inferInsert: unknown }> = T['$inferInsert'];

/** Everything the generator makes, table by table, in insertion order. */
export interface SampleDataset {
  meta: { seed: number; scale: number; prefecture: boolean; asOf: string; countyCodes: string[] };
  counties: Row<typeof counties>[];
  towns: Row<typeof towns>[];
  villages: Row<typeof villages>[];
  villageGroups: Row<typeof villageGroups>[];
  villageStats: Row<typeof villageStats>[];
  roads: Row<typeof roads>[];
  villageFacilities: Row<typeof villageFacilities>[];
  waterSources: Row<typeof waterSources>[];
  waterTests: Row<typeof waterTests>[];
  waterSourceGroups: Row<typeof waterSourceGroups>[];
  houses: Row<typeof houses>[];
  relocationSites: Row<typeof relocationSites>[];
  povertyAssets: Row<typeof povertyAssets>[];
}

/** The tables of a dataset in the order their foreign keys allow inserting them. */
export const TABLE_ORDER = [
  'counties', 'towns', 'villages', 'villageGroups', 'villageStats', 'roads', 'villageFacilities',
  'waterSources', 'waterTests', 'waterSourceGroups', 'houses', 'relocationSites', 'povertyAssets',
] as const satisfies ReadonlyArray<Exclude<keyof SampleDataset, 'meta'>>;
export type TableName = (typeof TABLE_ORDER)[number];

/** Options of the generator. */
export interface GenerateOptions {
  /** The seed: the same seed gives the same county. Default 1. */
  seed?: number;
  /** Multiplies villages and features (not towns), for benchmarks. Default 1. */
  scale?: number;
  /** All eight counties of Tongliao instead of 奈曼旗 alone. Default false. */
  prefecture?: boolean;
  /**
   * A synthetic province of this many counties for benchmarks: the prefecture's eight counties, then
   * copies of them shifted west and north under prefectures of their own (codes 1501…, 1506…). Default 0: off.
   */
  provinceCounties?: number;
}

export const GENERATE_DEFAULTS: Required<GenerateOptions> = { seed: 1, scale: 1, prefecture: false, provinceCounties: 0 };

/** The date the sample county's facts are as of (the end of the 2015–2020 campaign). */
export const SAMPLE_AS_OF = '2020-10-31';

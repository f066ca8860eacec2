/** The editable layers of Cuntu and the team that owns each. */
export const LAYERS = {
  villages: { team: 'admin', geometry: 'Point', labelZh: '行政村', labelEn: 'Villages' },
  groups: { team: 'admin', geometry: 'Point', labelZh: '自然村（组）', labelEn: 'Natural villages' },
  roads: { team: 'roads', geometry: 'LineString', labelZh: '道路', labelEn: 'Roads' },
  facilities: { team: 'roads', geometry: 'Point', labelZh: '村级设施', labelEn: 'Village facilities' },
  water_sources: { team: 'water', geometry: 'Point', labelZh: '水源与供水工程', labelEn: 'Water sources' },
  houses: { team: 'housing', geometry: 'Point', labelZh: '危房', labelEn: 'Dilapidated houses' },
  relocation_sites: { team: 'housing', geometry: 'Point', labelZh: '易地搬迁安置点', labelEn: 'Relocation sites' },
} as const;

export type LayerId = keyof typeof LAYERS;
export const LAYER_IDS = Object.keys(LAYERS) as LayerId[];

/** Editor scopes: an editor role is granted for one or more of these teams. */
export const EDITOR_TEAMS = ['roads', 'water', 'housing'] as const;
export type EditorTeam = (typeof EDITOR_TEAMS)[number];

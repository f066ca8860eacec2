import type { LayerId } from '@cuntu/domain';
import { LAYERS } from '@cuntu/domain';

/** UI strings in Chinese first and English second; the full i18n catalogue grows from here. */
export const LABELS = {
  sampleData: { zh: '样例数据', en: 'Sample data' },
  sampleDataNote: { zh: '县界为真实边界，其余数据均为生成的样例', en: 'Real county boundary; everything else is generated sample data' },
  loading: { zh: '加载中…', en: 'Loading…' },
  loadFailed: { zh: '加载失败', en: 'Failed to load' },
  total: { zh: '共', en: 'Total' },
  features: { zh: '个要素', en: 'features' },
  showingFirst: { zh: '显示前', en: 'Showing first' },
} as const;

export type LabelKey = keyof typeof LABELS;


export const layerTitle = (layer: LayerId): string => `${LAYERS[layer].labelZh} ${LAYERS[layer].labelEn}`;

/** Chinese names of the enum values the layers store (surface, class, status …), and of yes / no. */
export const VALUE_LABELS_ZH: Record<string, string> = {
  asphalt: '沥青', cement_concrete: '水泥混凝土', other_hardened: '其他硬化', gravel: '砂石', earth: '土路',
  trunk: '国省干线', county: '县道', township: '乡道', village: '村道', group: '组道',
  difficult_terrain: '地形困难', small_village: '小型村',
  clinic: '卫生室', cultural_centre: '综合文化服务中心', bus_stop: '客运站点', school: '学校',
  centralised_works: '集中供水工程', small_works: '小型集中供水', well: '水井', spring: '泉水', purifier: '净水设备',
  repair: '维修加固', rebuild: '拆除重建', relocate: '易地搬迁',
  identified: '已认定', planned: '已计划', in_progress: '实施中', completed: '已竣工', accepted: '已验收',
  registered_poor: '建档立卡贫困户', dibao: '低保户', tekun: '分散供养特困人员', disabled_poor: '贫困残疾人家庭',
  centralised: '集中安置', dispersed: '分散安置',
  true: '是', false: '否',
};

/** How a stored value is shown in a table: Chinese for known codes, a dash for missing, lists joined. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(displayValue).join('、');
  const text = String(value);
  return VALUE_LABELS_ZH[text] ?? text;
}

import type { LayerId } from '@cuntu/domain';
import { LAYERS, VALUE_LABELS_ZH } from '@cuntu/domain';

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

/** How a stored value is shown in a table: Chinese for known codes, a dash for missing, lists joined. */
export function displayValue(value: unknown): string {
  if (value === null || value === undefined || value === '') return '—';
  if (Array.isArray(value)) return value.map(displayValue).join('、');
  const text = String(value);
  return VALUE_LABELS_ZH[text] ?? text;
}

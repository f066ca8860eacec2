import { snapshotSpecSchema, type SnapshotSpec } from './spec';

/** A snapshot of the sample county as the map app builds one (for the layout tests). */
export function sampleSpec(overrides: Partial<SnapshotSpec> = {}): SnapshotSpec {
  return snapshotSpecSchema.parse({
    title: '奈曼旗农村基础设施核查图',
    subtitle: '通村硬化路与饮水安全',
    paper: 'A4', orientation: 'landscape', dpi: 150,
    legend: [
      { layer: '道路（路面宽度）', entries: [{ label: '达标', colour: '#2e9d4f', shape: 'line' }, { label: '不达标', colour: '#d64545', shape: 'line' }, { label: '数据缺失', colour: '#9a9a9a', shape: 'line' }] },
      { layer: '水源与供水工程', entries: [{ label: 'Water sources', colour: '#1f8fbf', shape: 'circle' }] },
    ],
    summary: { heading: '核查结果（达标 / 不达标 / 缺数据）', rows: [{ label: '行政村', value: '287' }, { label: '通村硬化路覆盖', value: '86.4%' }] },
    metresPerMm: 312.5,
    profile: '贫困村退出标准（默认，2015–2020）（national-2015 v1）',
    date: '2026-11-27', asOf: '2020-06-30',
    sampleNote: '样例数据：县界为真实边界，其余数据均为生成的样例',
    permalink: 'http://localhost:3000/map?v=120.66,42.85,9',
    ...overrides,
  });
}

import { createI18n } from 'vue-i18n';

/** The UI catalogue: Chinese first, English second. Field labels live here and nowhere else. */
export const MESSAGES = {
  'zh-CN': {
    app: { title: '村图', subtitle: '县域农村基础设施地图', language: 'English', logout: '退出', sampleData: '样例数据' },
    map: {
      layers: '图层', legend: '图例', opacity: '透明度', colourBy: '按标准着色', noColouring: '不着色', search: '搜索村、组（名称、代码或拼音）',
      filter: '筛选', town: '乡镇', allTowns: '全部乡镇', rule: '标准', verdict: '结论', apply: '筛选', clear: '清除', results: '筛选结果',
      measure: '量算', distance: '距离', area: '面积', stopMeasure: '结束量算', clickToMeasure: '在地图上点击添加测量点',
      permalink: '复制链接', copied: '链接已复制', inspect: '要素信息', close: '关闭', profile: '村档案', statistics: '统计',
      readyToExit: '达到退出标准', notReady: '未达到退出标准', holdingBack: '未达标项', failingFeatures: '不达标要素', zoomTo: '定位',
      source: '依据', attributes: '属性', verdicts: '标准核查', loading: '加载中…', count: '个', none: '无',
      byAttribute: '按属性筛选', layer: '图层', attribute: '属性', value: '取值',
    },
    verdict: { pass: '达标', fail: '不达标', unknown: '数据缺失', safe: '安全', basically_safe: '基本安全', unsafe: '不安全' },
    stats: { households: '户数', population: '人口', groups: '自然村（组）', registeredPoorPeople: '建档立卡人口', notLiftedPeople: '未脱贫人口' },
  },
  en: {
    app: { title: 'Cuntu', subtitle: 'County rural infrastructure map', language: '中文', logout: 'Log out', sampleData: 'Sample data' },
    map: {
      layers: 'Layers', legend: 'Legend', opacity: 'Opacity', colourBy: 'Colour by standard', noColouring: 'No colouring', search: 'Search villages and groups (name, code or pinyin)',
      filter: 'Filter', town: 'Town', allTowns: 'All towns', rule: 'Standard', verdict: 'Verdict', apply: 'Filter', clear: 'Clear', results: 'Results',
      measure: 'Measure', distance: 'Distance', area: 'Area', stopMeasure: 'Stop measuring', clickToMeasure: 'Click on the map to add points',
      permalink: 'Copy link', copied: 'Link copied', inspect: 'Feature', close: 'Close', profile: 'Village profile', statistics: 'Statistics',
      readyToExit: 'Ready to exit', notReady: 'Not ready to exit', holdingBack: 'Holding it back', failingFeatures: 'Failing features', zoomTo: 'Zoom to',
      source: 'Source', attributes: 'Attributes', verdicts: 'Standards', loading: 'Loading…', count: '', none: 'None',
      byAttribute: 'Filter by attribute', layer: 'Layer', attribute: 'Attribute', value: 'Value',
    },
    verdict: { pass: 'Pass', fail: 'Fail', unknown: 'Data missing', safe: 'Safe', basically_safe: 'Basically safe', unsafe: 'Unsafe' },
    stats: { households: 'Households', population: 'Population', groups: 'Natural villages', registeredPoorPeople: 'Registered poor', notLiftedPeople: 'Not yet lifted' },
  },
} as const;

export type Locale = keyof typeof MESSAGES;
const STORAGE_KEY = 'cuntu.locale';

/** The locale the user chose last (kept in localStorage), Chinese by default. */
export function savedLocale(): Locale {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  return saved === 'en' ? 'en' : 'zh-CN';
}

export function saveLocale(locale: Locale): void {
  if (typeof localStorage !== 'undefined') localStorage.setItem(STORAGE_KEY, locale);
}

/** The i18n instance of an app (the shell's is shared with the micro-apps it hosts). */
export function createCuntuI18n(locale: Locale = savedLocale()) {
  return createI18n({ legacy: false, locale, fallbackLocale: 'zh-CN', messages: MESSAGES as never });
}

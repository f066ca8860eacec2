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
      byAttribute: '按属性筛选', layer: '图层', attribute: '属性', value: '取值', snapshot: '简报快照',
    },
    verdict: { pass: '达标', fail: '不达标', unknown: '数据缺失', safe: '安全', basically_safe: '基本安全', unsafe: '不安全' },
    stats: { households: '户数', population: '人口', groups: '自然村（组）', registeredPoorPeople: '建档立卡人口', notLiftedPeople: '未脱贫人口' },
    admin: {
      title: '系统管理', accounts: '账号', profiles: '标准方案', audit: '审计日志', settings: '设置', adminsOnly: '仅管理员可访问',
      username: '用户名', displayName: '姓名', password: '初始密码', roles: '角色', editorTeams: '可编辑图层', status: '状态', actions: '操作',
      create: '新建账号', save: '保存', cancel: '取消', disable: '停用', enable: '启用', disabled: '已停用', active: '正常', mustChange: '待改密码',
      resetPassword: '重置密码', newTemporaryPassword: '新的初始密码（用户下次登录须修改）', edit: '修改', created: '已创建', saved: '已保存',
      role: { viewer: '规划查看', leader: '领导', editor: '编辑', admin: '管理员' },
      team: { roads: '道路与村级设施', water: '水源与供水', housing: '危房与易地搬迁' },
      activeProfile: '当前启用', copy: '复制', activate: '启用', diff: '与以下方案的差异', sourceNote: '依据说明', key: '标识', version: '版本',
      nameZh: '中文名称', nameEn: '英文名称', basedOn: '复制自', inUse: '已用于核查（只能复制）', editThresholds: '修改阈值', noChanges: '阈值相同',
      from: '原值', to: '新值', activating: '正在启用', activated: '已启用，核查结果已更新', threshold: '阈值', range: '允许范围',
      user: '用户', layer: '图层', feature: '要素编号', action: '操作类型', fromTime: '起始日期', toTime: '截止日期', allUsers: '全部用户',
      allLayers: '全部图层', allActions: '全部操作', search: '查询', exportCsv: '导出 CSV', time: '时间', changed: '变更字段', before: '修改前', after: '修改后',
      revert: '撤销此变更', reverted: '已撤销（已记入审计日志）', confirmRevert: '将该要素恢复为此变更之前的状态？', previous: '上一页', next: '下一页',
      actionName: { create: '新建', update: '修改', delete: '删除', revert: '撤销', import: '导入' },
      publicRead: '允许未登录用户只读访问', basemap: '底图', basemapNone: '无（离线）', basemapTianditu: '天地图（需密钥）', basemapXyz: 'XYZ 瓦片地址',
      basemapStyle: '地图样式地址（style.json）', tiandituKey: '天地图密钥', url: '地址', attribution: '版权说明',
      county: '县名称与县界', countyCode: '县代码', countyName: '县名称', boundaryFile: '县界 GeoJSON 文件', villagesOutside: '个村委会位于新县界之外，请核实',
      checkDistances: '核查距离', reachM: '通达村委会距离（米）', snapM: '路段连通距离（米）', groupMinHouseholds: '通组：自然村最少户数', groupReachM: '通组：硬化路距离（米）',
      distancesNote: '核查距离属于标准方案：保存后生成当前方案的新版本并重新核查。', recheck: '重新核查', failed: '失败',
    },
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
      byAttribute: 'Filter by attribute', layer: 'Layer', attribute: 'Attribute', value: 'Value', snapshot: 'Snapshot',
    },
    verdict: { pass: 'Pass', fail: 'Fail', unknown: 'Data missing', safe: 'Safe', basically_safe: 'Basically safe', unsafe: 'Unsafe' },
    stats: { households: 'Households', population: 'Population', groups: 'Natural villages', registeredPoorPeople: 'Registered poor', notLiftedPeople: 'Not yet lifted' },
    admin: {
      title: 'Administration', accounts: 'Accounts', profiles: 'Standards profiles', audit: 'Audit log', settings: 'Settings', adminsOnly: 'Administrators only',
      username: 'Username', displayName: 'Name', password: 'First password', roles: 'Roles', editorTeams: 'Editable layers', status: 'Status', actions: 'Actions',
      create: 'Create account', save: 'Save', cancel: 'Cancel', disable: 'Disable', enable: 'Enable', disabled: 'Disabled', active: 'Active', mustChange: 'Must change password',
      resetPassword: 'Reset password', newTemporaryPassword: 'New first password (to be changed at next login)', edit: 'Edit', created: 'Created', saved: 'Saved',
      role: { viewer: 'Planner (view)', leader: 'Leader', editor: 'Editor', admin: 'Administrator' },
      team: { roads: 'Roads and facilities', water: 'Water', housing: 'Housing and relocation' },
      activeProfile: 'Active', copy: 'Copy', activate: 'Activate', diff: 'Differences from', sourceNote: 'Source note', key: 'Key', version: 'Version',
      nameZh: 'Chinese name', nameEn: 'English name', basedOn: 'Copied from', inUse: 'Used for verdicts (copy it to change)', editThresholds: 'Edit thresholds', noChanges: 'Same thresholds',
      from: 'From', to: 'To', activating: 'Activating', activated: 'Activated; verdicts updated', threshold: 'Threshold', range: 'Allowed',
      user: 'User', layer: 'Layer', feature: 'Feature id', action: 'Action', fromTime: 'From', toTime: 'To', allUsers: 'All users',
      allLayers: 'All layers', allActions: 'All actions', search: 'Search', exportCsv: 'Export CSV', time: 'Time', changed: 'Changed', before: 'Before', after: 'After',
      revert: 'Undo this change', reverted: 'Undone (recorded in the audit log)', confirmRevert: 'Restore the feature to its state before this change?', previous: 'Previous', next: 'Next',
      actionName: { create: 'Create', update: 'Update', delete: 'Delete', revert: 'Revert', import: 'Import' },
      publicRead: 'Allow read-only access without login', basemap: 'Basemap', basemapNone: 'None (offline)', basemapTianditu: 'Tianditu (key needed)', basemapXyz: 'XYZ tile template',
      basemapStyle: 'Map style URL (style.json)', tiandituKey: 'Tianditu key', url: 'URL', attribution: 'Attribution',
      county: 'County name and boundary', countyCode: 'County code', countyName: 'County name', boundaryFile: 'Boundary GeoJSON file', villagesOutside: 'village committees lie outside the new boundary: please check',
      checkDistances: 'Check distances', reachM: 'Route reaches the committee within (m)', snapM: 'Segment ends connect within (m)', groupMinHouseholds: 'Groups counted from households', groupReachM: 'Group reached within (m)',
      distancesNote: 'Check distances belong to the standards profile: saving makes a new version of the active profile and re-checks.', recheck: 'Re-check', failed: 'Failed',
    },
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

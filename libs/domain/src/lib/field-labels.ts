import { LAYER_PROPERTY_SCHEMAS } from './layers';

/**
 * The name of every layer property as users read it, Chinese first: forms, tables and the audit
 * screen show these instead of the stored names. A property without one fails the tests.
 */
export const FIELD_LABELS: Record<string, readonly [zh: string, en: string]> = {
  code: ['代码', 'Code'], townCode: ['所属乡镇', 'Town'], name: ['名称', 'Name'], kind: ['类型', 'Kind'],
  villageCode: ['所属行政村', 'Village'], groupCode: ['所属自然村', 'Natural village'], countyCode: ['所属县', 'County'],
  households: ['户数', 'Households'], population: ['人口', 'Population'], externalId: ['外部编号', 'External id'],
  roadClass: ['道路等级', 'Road class'], surface: ['路面类型', 'Surface'], widthM: ['路面宽度（米）', 'Width (m)'],
  exemption: ['宽度豁免', 'Width exemption'], buildYear: ['建成年份', 'Year built'], project: ['建设项目', 'Project'],
  clinicAreaM2: ['卫生室面积（m²）', 'Clinic area (m²)'], clinicRooms: ['卫生室分设', 'Clinic rooms'], clinicStaff: ['卫生室人员', 'Clinic staff'],
  licensedDoctors: ['持证乡村医生', 'Licensed doctors'], cultureItems: ['文化室设施', 'Cultural centre items'], busLine: ['公交线路', 'Bus line'],
  hasBusService: ['通客运班车', 'Bus service'], regionType: ['水资源分区', 'Water region'], dailyCapacityM3: ['日供水能力（m³）', 'Daily capacity (m³)'],
  populationServed: ['受益人口', 'People served'], pipedToYard: ['自来水入户', 'Piped to the yard'], fetchMinutes: ['取水往返时间（分钟）', 'Fetching time (min)'],
  reliabilityPct: ['供水保证率（%）', 'Supply reliability (%)'], safetyRating: ['危房等级', 'Safety rating'], priorityGroup: ['重点对象', 'Priority group'],
  renovationPath: ['改造方式', 'Renovation path'], renovationStatus: ['改造进度', 'Renovation status'], householdSize: ['家庭人口', 'Household size'],
  rebuiltAreaM2: ['改造后面积（m²）', 'Rebuilt area (m²)'], oldDemolished: ['旧房已拆除', 'Old house demolished'], headName: ['户主姓名', 'Head of household'],
  headIdNumber: ['户主身份证号', 'Head\'s ID number'], headPhone: ['联系电话', 'Phone'], people: ['安置人口', 'People'],
  areaPerPersonM2: ['人均住房面积（m²）', 'Area per person (m²)'], selfFundingPerPersonYuan: ['人均自筹（元）', 'Self-funding per person (yuan)'],
  selfFundingMaxHouseholdYuan: ['户均最高自筹（元）', 'Largest self-funding per household (yuan)'], oldHomesTotal: ['应拆旧房', 'Old homes to demolish'],
  oldHomesDemolished: ['已拆旧房', 'Old homes demolished'], labourHouseholds: ['有劳动力户', 'Households with labour'], employedHouseholds: ['已就业户', 'Households employed'],
  // A water source's quality-test records.
  sampledOn: ['采样日期', 'Sampled on'], meetsGb5749: ['符合 GB 5749', 'Meets GB 5749'], meetsRuralCriteria: ['符合农村饮水评价指标', 'Meets the rural criteria'],
  lab: ['检测机构', 'Laboratory'], note: ['备注', 'Note'], groupCodes: ['供水自然村', 'Groups served'],
  // A village's services (its latest statistics).
  powerCoveragePct: ['通动力电户比例（%）', 'Households with power (%)'], tvCoveragePct: ['广播电视户户通比例（%）', 'Households with radio and TV (%)'],
  broadbandFibre: ['光纤宽带到村', 'Fibre broadband'], broadbandMbps: ['宽带速率（Mbps）', 'Broadband speed (Mbps)'], year: ['统计年度', 'Year'],
  // Kept by the server on every feature.
  id: ['编号', 'Id'], version: ['版本', 'Version'], updatedAt: ['更新时间', 'Updated at'], updatedBy: ['更新人', 'Updated by'], geometry: ['位置 / 几何', 'Geometry'],
};

/** A property's label in a language (the stored name when none is known). */
export function fieldLabel(property: string, locale: 'zh-CN' | 'en' = 'zh-CN'): string {
  const label = FIELD_LABELS[property];
  return label ? label[locale === 'zh-CN' ? 0 : 1] : property;
}

/** Every editable property of every layer (for the completeness test). */
export const allLayerProperties = (): string[] => [...new Set(Object.values(LAYER_PROPERTY_SCHEMAS).flatMap((s) => Object.keys(s.shape)))];

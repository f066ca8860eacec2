import type { RuleSubject } from '@cuntu/domain';

/** The part of the standard a rule belongs to; the kind of subject it judges is a layer's (`@cuntu/domain`). */
export type RuleLayer = 'village' | 'road' | 'water' | 'house' | 'relocation';

export interface RuleDefinition {
  id: string;
  layer: RuleLayer;
  subject: RuleSubject;
  titleZh: string;
  titleEn: string;
  explanationZh: string;
  explanationEn: string;
  /** Seed document and the phrase to find there. */
  source: string;
  period: '2015–2020' | '2021–';
  /** Water verdicts also carry a tier: safe, basically safe, unsafe. */
  tiered?: boolean;
  /** Village rules make up exit readiness. */
  exitRule?: boolean;
}

const S002 = 'seed 002, Annex 1 贫困村退出核查标准';
const rule = (r: RuleDefinition) => r;

/** Every rule of STANDARDS.md, in its order. */
export const RULES: readonly RuleDefinition[] = [
  rule({ id: 'village.incidence', layer: 'village', subject: 'village', exitRule: true, period: '2015–2020', source: `${S002} (一)「贫困发生率降至2%以下」`,
    titleZh: '贫困发生率', titleEn: 'Poverty incidence',
    explanationZh: '建档立卡未脱贫人口占全村人口的比率降至标准以下（含本数）。', explanationEn: 'Registered people not yet lifted out of poverty, as a share of the village population, at or below the threshold.' }),
  rule({ id: 'village.paved_road', layer: 'village', subject: 'village', exitRule: true, period: '2015–2020', source: `${S002} (二)「有一条通村公路实现硬化」`,
    titleZh: '通村硬化路', titleEn: 'Paved road into the village',
    explanationZh: '一条与外部路网相连的硬化道路（路面与宽度达标）通至村委会或聚居区边缘。', explanationEn: 'A chain of hardened segments (surface and width passing) links the outside network to the village committee or the edge of its settlement.' }),
  rule({ id: 'village.bus', layer: 'village', subject: 'village', exitRule: true, period: '2015–2020', source: `${S002} (三)「两公里以内」`,
    titleZh: '通客运班车', titleEn: 'Bus service',
    explanationZh: '村委会距有班车停靠的站点不超过标准距离。', explanationEn: 'A stop served by a bus lies within the distance of the village committee.' }),
  rule({ id: 'village.water', layer: 'village', subject: 'village', exitRule: true, period: '2015–2020', tiered: true, source: `${S002} (四)「农村饮用水符合安全卫生评价指标体系要求」`,
    titleZh: '饮水安全', titleEn: 'Safe drinking water',
    explanationZh: '每个自然村都由至少基本安全的水源供水。', explanationEn: 'Every natural village is served by a source that is at least basically safe.' }),
  rule({ id: 'village.power', layer: 'village', subject: 'village', exitRule: true, period: '2015–2020', source: `${S002} (五)「通动力电率达到100%」`,
    titleZh: '通动力电', titleEn: 'Power supply', explanationZh: '通动力电率、户户通电率达到标准。', explanationEn: 'Share of households with power at the threshold.' }),
  rule({ id: 'village.tv', layer: 'village', subject: 'village', exitRule: true, period: '2015–2020', source: `${S002} (六)「广播电视户户通」`,
    titleZh: '广播电视户户通', titleEn: 'Radio and TV to every household', explanationZh: '广播电视覆盖户数比例达到标准。', explanationEn: 'Share of households with radio and TV at the threshold.' }),
  rule({ id: 'village.culture', layer: 'village', subject: 'village', exitRule: true, period: '2015–2020', source: `${S002} (七)「有综合性文化服务中心」`,
    titleZh: '综合性文化服务中心', titleEn: 'Cultural service centre',
    explanationZh: '文化活动室、文体广场、简易戏台、宣传栏、文化器材、广播器材、体育器材七项齐全。', explanationEn: 'Room, square, stage, notice board, culture kit, broadcast kit and sports kit all present.' }),
  rule({ id: 'village.clinic', layer: 'village', subject: 'village', exitRule: true, period: '2015–2020', source: `${S002} (八)「村卫生室房屋建筑规模不低于60平方米」`,
    titleZh: '标准化卫生室', titleEn: 'Standard clinic',
    explanationZh: '卫生室面积达标，设诊室、治疗室、公共卫生室和药房，每千人不少于1名卫生室人员。', explanationEn: 'Clinic area at the threshold, with consulting, treatment, public-health and pharmacy rooms, and enough staff per 1,000 residents.' }),
  rule({ id: 'village.doctor', layer: 'village', subject: 'village', exitRule: true, period: '2015–2020', source: `${S002} (九)「至少有一名村医拥有《乡村医生执业证书》」`,
    titleZh: '合格乡村医生', titleEn: 'Qualified village doctor', explanationZh: '卫生室至少有一名持证村医或执业（助理）医师。', explanationEn: 'At least one licensed village doctor.' }),
  rule({ id: 'village.broadband', layer: 'village', subject: 'village', exitRule: true, period: '2015–2020', source: `${S002} (十)「50兆以上的宽带接入」`,
    titleZh: '通宽带', titleEn: 'Broadband', explanationZh: '光纤通达，可提供标准以上的宽带接入。', explanationEn: 'Fibre present and broadband at the threshold.' }),

  rule({ id: 'road.surface', layer: 'road', subject: 'road', period: '2015–2020', source: `${S002} (二)「沥青路面、水泥路面或其他硬化路面」`,
    titleZh: '路面硬化', titleEn: 'Hardened surface', explanationZh: '路面为沥青、水泥混凝土或其他硬化路面；砂石、土路不达标。', explanationEn: 'Asphalt, cement concrete or other hardened surface; gravel and earth fail.' }),
  rule({ id: 'road.width', layer: 'road', subject: 'road', period: '2015–2020', source: `${S002} (二)「路面宽度原则上不低于3.5米」; seeds 003, 004`,
    titleZh: '路面宽度', titleEn: 'Pavement width', explanationZh: '路面宽度不低于标准；有地形困难或小型村豁免的路段不低于豁免标准。', explanationEn: 'Width at the threshold; segments with a difficult-terrain or small-village exemption at the exempt threshold.' }),
  rule({ id: 'road.reaches_committee', layer: 'road', subject: 'village', period: '2015–2020', source: `${S002} (二)「路线通至贫困村村委会（或学校）」`,
    titleZh: '通至村委会', titleEn: 'Route reaches the committee', explanationZh: '硬化道路通至村委会或聚居区边缘（在标准距离以内）。', explanationEn: 'A hardened road ends within the distance of the committee point or the settlement outline.' }),
  rule({ id: 'road.group_coverage', layer: 'road', subject: 'group', period: '2015–2020', source: 'seeds 003, 004 通组硬化路',
    titleZh: '通组硬化路', titleEn: 'Paved road to the group', explanationZh: '达到户数门槛的自然村（组）在标准距离内有硬化路。', explanationEn: 'Natural villages above the household threshold lie within the distance of a hardened segment.' }),

  rule({ id: 'water.quality', layer: 'water', subject: 'water_source', tiered: true, period: '2015–2020', source: `${S002} (四); seed 003「饮水安全4个标准」`,
    titleZh: '水质', titleEn: 'Water quality', explanationZh: '最近一次水质检测在有效期内：符合 GB 5749 为安全，符合农村实施准则为基本安全。', explanationEn: 'Latest test within its validity: meets GB 5749 (safe) or the rural criteria (basically safe).' }),
  rule({ id: 'water.quantity', layer: 'water', subject: 'water_source', tiered: true, period: '2015–2020', source: `${S002} (四)「每人每天可获得的水量不低于40升」`,
    titleZh: '水量', titleEn: 'Water quantity', explanationZh: '日供水能力 ÷ 受益人口，每人每天升数达到标准。', explanationEn: 'Daily capacity ÷ population served, litres per person per day, at the threshold.' }),
  rule({ id: 'water.access', layer: 'water', subject: 'water_source', tiered: true, period: '2015–2020', source: `${S002} (四)「取水往返时间不超过10分钟」`,
    titleZh: '用水方便程度', titleEn: 'Access to water', explanationZh: '供水入户为安全；否则按取水往返时间判定。', explanationEn: 'Piped to the yard is safe; otherwise judged by the round-trip fetching time.' }),
  rule({ id: 'water.reliability', layer: 'water', subject: 'water_source', tiered: true, period: '2015–2020', source: `${S002} (四)「供水保证率不低于95%」`,
    titleZh: '供水保证率', titleEn: 'Supply reliability', explanationZh: '供水保证率达到标准。', explanationEn: 'Supply guarantee rate at the threshold.' }),

  rule({ id: 'house.safety', layer: 'house', subject: 'house', period: '2015–2020', source: 'seeds 000, 001, 002 (问卷 §四, C/D 级危房)',
    titleZh: '住房安全', titleEn: 'Safe housing', explanationZh: 'A、B 级为安全；C、D 级须完成改造（竣工或验收）。', explanationEn: 'A and B are safe; C and D need their renovation completed or accepted.' }),
  rule({ id: 'house.priority', layer: 'house', subject: 'house', period: '2015–2020', source: 'seed 000 四类重点对象',
    titleZh: '四类重点对象优先', titleEn: 'Priority groups first', explanationZh: '建档立卡贫困户、低保户、分散供养特困人员、贫困残疾人家庭仍住 C/D 级危房的予以标出。', explanationEn: 'Flags priority households still living in a C/D house.' }),
  rule({ id: 'house.rebuild_area', layer: 'house', subject: 'house', period: '2015–2020', source: 'seed 002 问卷（建房面积）',
    titleZh: '重建面积', titleEn: 'Rebuilt area', explanationZh: '重建住房面积不低于按户人口的最低标准，也不超标。', explanationEn: 'A rebuilt house is neither below the minimum for the household size nor oversized.' }),
  rule({ id: 'house.old_demolished', layer: 'house', subject: 'house', period: '2015–2020', source: 'seed 001「建新不拆旧」',
    titleZh: '建新拆旧', titleEn: 'Old house demolished', explanationZh: '新房建成入住后旧房应拆除。', explanationEn: 'The old house is demolished once the new one is lived in.' }),

  rule({ id: 'relocation.area', layer: 'relocation', subject: 'relocation_site', period: '2015–2020', source: 'seed 002「人均住房面积不超过25㎡」',
    titleZh: '住房面积红线', titleEn: 'Housing area red line', explanationZh: '人均住房面积不超过标准。', explanationEn: 'Housing area per person at most the threshold.' }),
  rule({ id: 'relocation.self_funding', layer: 'relocation', subject: 'relocation_site', period: '2015–2020', source: 'seed 002「人均自筹资金不超过2500元，每户最多不超过1万元」',
    titleZh: '自筹资金红线', titleEn: 'Self-funding red line', explanationZh: '人均自筹与户均最高自筹均不超过标准。', explanationEn: 'Self-funding per person and per household at most the thresholds.' }),
  rule({ id: 'relocation.old_home', layer: 'relocation', subject: 'relocation_site', period: '2015–2020', source: 'seed 002 三项协议（旧房拆除、宅基地复垦）',
    titleZh: '旧宅拆除复垦', titleEn: 'Old homesteads reclaimed', explanationZh: '搬迁户旧房拆除比例达到标准。', explanationEn: 'Share of old homes demolished at the threshold.' }),
  rule({ id: 'relocation.employment', layer: 'relocation', subject: 'relocation_site', period: '2015–2020', source: 'seed 002 后续扶持（有劳动力的搬迁户至少一人就业）',
    titleZh: '搬迁户就业', titleEn: 'Employment after relocation', explanationZh: '有劳动力的搬迁户至少一人就业的比例达到标准。', explanationEn: 'Share of households with labour that have someone employed at the threshold.' }),
  rule({ id: 'relocation.services', layer: 'relocation', subject: 'relocation_site', period: '2015–2020', source: 'seed 002 访谈提纲 §8（配套设施）',
    titleZh: '配套服务', titleEn: 'School and clinic within reach', explanationZh: '学校、卫生室在标准距离以内。', explanationEn: 'A school and a clinic within the distance thresholds.' }),
];

export const RULE_IDS = RULES.map((r) => r.id);
export const EXIT_RULE_IDS = RULES.filter((r) => r.exitRule).map((r) => r.id);

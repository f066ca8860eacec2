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

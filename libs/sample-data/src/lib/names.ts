import type { Random } from './random';

/** The real 乡镇 of 奈曼旗 (8 镇, 1 乡, 4 苏木); 大沁他拉镇 is the banner seat. */
export const NAIMAN_TOWNS: ReadonlyArray<{ name: string; kind: 'town' | 'township' | 'sumu' }> = [
  { name: '大沁他拉镇', kind: 'town' },
  { name: '八仙筒镇', kind: 'town' },
  { name: '青龙山镇', kind: 'town' },
  { name: '新镇', kind: 'town' },
  { name: '治安镇', kind: 'town' },
  { name: '东明镇', kind: 'town' },
  { name: '沙日浩来镇', kind: 'town' },
  { name: '义隆永镇', kind: 'town' },
  { name: '土城子乡', kind: 'township' },
  { name: '固日班花苏木', kind: 'sumu' },
  { name: '白音他拉苏木', kind: 'sumu' },
  { name: '明仁苏木', kind: 'sumu' },
  { name: '黄花塔拉苏木', kind: 'sumu' },
];

const MONGOLIAN_CORES = ['巴彦', '乌兰', '宝力高', '敖包', '章古台', '苏布日格', '哈日', '沙日', '白音', '查干', '额尔敦', '塔拉', '伊和', '希勃', '昂乃', '阿日班', '浩特', '好力保', '那仁', '乌力吉', '图布信', '柴达木', '包日', '扎哈'];
const MONGOLIAN_ENDS = ['嘎查', '艾勒嘎查', '塔拉嘎查', '召嘎查', '台嘎查', '花嘎查'];
const CHINESE_PREFIXES = ['大', '小', '东', '西', '南', '北', '前', '后', '新', '上', '下', '老'];
const CHINESE_CORES = ['兴隆', '太平', '永和', '福兴', '平安', '长胜', '三合', '联合', '德胜', '富强', '光明', '红星', '双山', '柳树', '榆树', '杏树', '白土', '五家', '六家', '八家', '营子', '窝铺', '井子', '沟门'];
const SYNTHETIC_TOWN_CORES = ['宝日', '好腾', '朝鲁', '希伯', '前进', '团结', '永丰', '胜利', '和平', '东风', '红旗', '向阳', '丰收', '太和', '新华'];

/** A village name: a 嘎查 in Mongolian style or a 村 in Chinese style, unique within `taken`. */
export function villageName(rng: Random, kind: 'village' | 'gacha', taken: Set<string>): string {
  for (let attempt = 0; ; attempt++) {
    const base =
      kind === 'gacha'
        ? rng.pick(MONGOLIAN_CORES) + (attempt > 6 ? rng.pick(MONGOLIAN_CORES) : '') + rng.pick(MONGOLIAN_ENDS)
        : rng.pick(CHINESE_PREFIXES) + rng.pick(CHINESE_CORES) + (attempt > 6 ? rng.pick(CHINESE_CORES) : '') + '村';
    if (!taken.has(base)) {
      taken.add(base);
      return base;
    }
  }
}

const GROUP_NUMERALS = ['一', '二', '三', '四', '五', '六', '七', '八'];
/** A natural-village name: a 组 of the village. */
export function groupName(villageName: string, index: number): string {
  const stem = villageName.replace(/(嘎查|村)$/, '');
  return `${stem}${GROUP_NUMERALS[index] ?? index + 1}组`;
}

/** Town names for counties whose real town list the sample does not ship. */
export function syntheticTownName(rng: Random, taken: Set<string>): { name: string; kind: 'town' | 'township' | 'sumu' } {
  const kind = rng.weighted({ town: 5, township: 1, sumu: 3 });
  const suffix = kind === 'town' ? '镇' : kind === 'township' ? '乡' : '苏木';
  for (;;) {
    const name = rng.pick(SYNTHETIC_TOWN_CORES) + rng.pick(['', '营', '屯', '庙', '河']) + suffix;
    if (!taken.has(name)) {
      taken.add(name);
      return { name, kind };
    }
  }
}

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '徐', '孙', '胡', '朱', '高', '马', '包', '白', '敖', '韩', '于', '宋', '郑', '梁'];
const GIVEN = ['国', '建', '文', '明', '志', '海', '玉', '秀', '金', '宝', '春', '兰', '德', '福', '英', '军', '桂', '芳', '成', '力', '巴特尔', '其木格', '苏和', '乌云'];

/** A (fictitious) head-of-household name. */
export function personName(rng: Random): string {
  const given = rng.pick(GIVEN);
  return rng.pick(SURNAMES) + given + (given.length === 1 && rng.chance(0.7) ? rng.pick(GIVEN.slice(0, 20)) : '');
}

/** A fictitious 18-digit resident ID with a valid ISO 7064 check digit, issued in `county6`. */
export function residentId(rng: Random, county6: string): string {
  const y = rng.int(1940, 1995);
  const m = String(rng.int(1, 12)).padStart(2, '0');
  const d = String(rng.int(1, 28)).padStart(2, '0');
  const body = `${county6}${y}${m}${d}${String(rng.int(0, 999)).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = body.split('').reduce((s, c, i) => s + Number(c) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** A fictitious mobile number. */
export function phoneNumber(rng: Random): string {
  return `1${rng.pick(['39', '50', '58', '86', '47', '38'])}${String(rng.int(0, 99999999)).padStart(8, '0')}`;
}

import { z } from 'zod';
import type { ThresholdField } from '@cuntu/domain';
import { thresholdsSchema, type Thresholds } from './thresholds';

type Label = readonly [zh: string, en: string, unit?: string];

/** Names of every threshold, in Chinese and English; a threshold without one fails the tests. */
export const THRESHOLD_LABELS: Record<string, Label> = {
  'village.incidenceMaxPct': ['贫困发生率上限', 'Poverty incidence at most', '%'],
  'village.busMaxKm': ['班车站点最远距离', 'Bus stop within', 'km'],
  'village.powerMinPct': ['通动力电率下限', 'Households with power at least', '%'],
  'village.tvMinPct': ['广播电视覆盖率下限', 'Households with TV at least', '%'],
  'village.cultureItemsRequired': ['文化室须具备', 'Cultural centre must have'],
  'village.clinicMinAreaM2': ['卫生室最小面积', 'Clinic area at least', 'm²'],
  'village.clinicRoomsRequired': ['卫生室须分设', 'Clinic rooms required'],
  'village.clinicStaffPer1000': ['每千人乡村医生数', 'Village doctors per 1,000 people'],
  'village.doctorsMin': ['乡村医生最少人数', 'Village doctors at least', '人'],
  'village.broadbandFibreRequired': ['须通光纤宽带', 'Fibre broadband required'],
  'village.broadbandMinMbps': ['宽带速率下限', 'Broadband speed at least', 'Mbit/s'],
  'road.hardenedSurfaces': ['视为硬化的路面', 'Surfaces counted as hardened'],
  'road.minWidthM': ['路面最小宽度', 'Road width at least', 'm'],
  'road.exemptMinWidthM': ['豁免路段最小宽度', 'Exempt road width at least', 'm'],
  'road.reachM': ['通达村委会距离（吸附）', 'Route reaches the committee within', 'm'],
  'road.snapM': ['路段端点连通距离', 'Segment ends connect within', 'm'],
  'road.groupMinHouseholds': ['通组：自然村最少户数', 'Groups counted from households', '户'],
  'road.groupReachM': ['通组：硬化路距自然村距离', 'Group reached by a road within', 'm'],
  'water.testMaxAgeDays': ['水质检测有效期', 'Water test valid for', '天'],
  'water.quantity.safeLitres.water_rich': ['水量安全（丰水地区）', 'Quantity safe (water-rich)', 'L/人·日'],
  'water.quantity.safeLitres.water_scarce': ['水量安全（缺水地区）', 'Quantity safe (water-scarce)', 'L/人·日'],
  'water.quantity.basicLitres.water_rich': ['水量基本安全（丰水地区）', 'Quantity basically safe (water-rich)', 'L/人·日'],
  'water.quantity.basicLitres.water_scarce': ['水量基本安全（缺水地区）', 'Quantity basically safe (water-scarce)', 'L/人·日'],
  'water.access.safeMinutes': ['取水往返安全时间', 'Fetching time safe', 'min'],
  'water.access.basicMinutes': ['取水往返基本安全时间', 'Fetching time basically safe', 'min'],
  'water.reliability.safePct': ['供水保证率安全', 'Supply reliability safe', '%'],
  'water.reliability.basicPct': ['供水保证率基本安全', 'Supply reliability basically safe', '%'],
  'house.smallHouseholdMinM2': ['1–3 人户最小建筑面积', 'Least area for 1-, 2-, 3-person households', 'm²'],
  'house.smallHouseholdMaxM2': ['1–3 人户最大建筑面积', 'Largest area for 1–3-person households', 'm²'],
  'house.largeHouseholdMinM2PerPerson': ['多人户人均最小面积', 'Larger households: area per person at least', 'm²/人'],
  'house.largeHouseholdMaxM2PerPerson': ['多人户人均最大面积', 'Larger households: area per person at most', 'm²/人'],
  'relocation.maxAreaPerPersonM2': ['安置住房人均面积上限', 'Relocation area per person at most', 'm²/人'],
  'relocation.maxSelfFundingPerPersonYuan': ['人均自筹上限', 'Self-funding per person at most', '元'],
  'relocation.maxSelfFundingPerHouseholdYuan': ['户均自筹上限', 'Self-funding per household at most', '元'],
  'relocation.oldHomesMinPct': ['旧房拆除率下限', 'Old homes demolished at least', '%'],
  'relocation.employmentMinPct': ['就业帮扶覆盖率下限', 'Households with employment support at least', '%'],
  'relocation.schoolMaxKm': ['学校最远距离', 'School within', 'km'],
  'relocation.clinicMaxKm': ['卫生室最远距离', 'Clinic within', 'km'],
  'relocation.searchRadiusKm': ['服务设施搜索半径', 'Search for services within', 'km'],
};

interface JsonSchemaNode {
  type?: string;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode | false;
  prefixItems?: JsonSchemaNode[];
  enum?: string[];
  minimum?: number;
  exclusiveMinimum?: number;
  maximum?: number;
  minItems?: number;
}

/** Every threshold with its label, type and allowed range, read from the thresholds schema itself. */
export function thresholdFields(): ThresholdField[] {
  const root = z.toJSONSchema(thresholdsSchema) as JsonSchemaNode;
  const fields: ThresholdField[] = [];
  const walk = (node: JsonSchemaNode, path: string[]) => {
    if (node.type === 'object' && node.properties) {
      for (const [key, child] of Object.entries(node.properties)) walk(child, [...path, key]);
      return;
    }
    const id = path.join('.');
    const [labelZh, labelEn, unit] = THRESHOLD_LABELS[id] ?? [id, id];
    const range = (n: JsonSchemaNode) => ({
      min: n.minimum ?? n.exclusiveMinimum ?? null, minExclusive: n.exclusiveMinimum !== undefined, max: n.maximum ?? null,
    });
    const base = { path: id, labelZh, labelEn, unit: unit ?? null, options: null, minItems: null, length: null };
    if (node.type === 'array' && node.prefixItems) {
      fields.push({ ...base, kind: 'numbers', ...range(node.prefixItems[0]), length: node.prefixItems.length });
    } else if (node.type === 'array' && node.items) {
      fields.push({ ...base, kind: 'choices', min: null, minExclusive: false, max: null, options: node.items.enum ?? [], minItems: node.minItems ?? 0 });
    } else if (node.type === 'boolean') {
      fields.push({ ...base, kind: 'boolean', min: null, minExclusive: false, max: null });
    } else {
      fields.push({ ...base, kind: node.type === 'integer' ? 'integer' : 'number', ...range(node) });
    }
  };
  walk(root, []);
  return fields;
}

/** The value at a dotted path of a thresholds object. */
export function thresholdAt(thresholds: unknown, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node as Record<string, unknown> | undefined)?.[key], thresholds);
}

/** Each threshold whose value differs between two profiles, in the schema's order. */
export function diffThresholds(from: Thresholds, to: Thresholds): Array<{ path: string; from: unknown; to: unknown }> {
  return thresholdFields()
    .map(({ path }) => ({ path, from: thresholdAt(from, path), to: thresholdAt(to, path) }))
    .filter((d) => JSON.stringify(d.from) !== JSON.stringify(d.to));
}

/** What is wrong with a thresholds object, one entry per field (empty when it is a valid profile). */
export function thresholdIssues(value: unknown): Array<{ field: string; problem: string }> {
  const parsed = thresholdsSchema.safeParse(value);
  return parsed.success ? [] : parsed.error.issues.map((i) => ({ field: i.path.join('.'), problem: i.message }));
}

/** Paths in a partial thresholds object that name no threshold (a typo would otherwise be dropped silently). */
export function unknownThresholdPaths(changes: unknown, prefix = ''): string[] {
  if (typeof changes !== 'object' || changes === null || Array.isArray(changes)) return [];
  return Object.entries(changes).flatMap(([key, value]) => {
    const path = prefix ? `${prefix}.${key}` : key;
    if (path in THRESHOLD_LABELS) return [];
    const isBranch = Object.keys(THRESHOLD_LABELS).some((p) => p.startsWith(`${path}.`));
    return isBranch ? unknownThresholdPaths(value, path) : [path];
  });
}

import {
  PRIORITY_GROUPS, RELOCATION_KINDS, RENOVATION_PATHS, RENOVATION_STATUSES, ROAD_CLASSES, ROAD_EXEMPTIONS, ROAD_SURFACES,
  SAFETY_RATINGS, VILLAGE_KINDS, WATER_REGION_TYPES, WATER_SOURCE_KINDS,
} from '@cuntu/domain';
import type { MapLayerId } from './layer-catalogue';

/** An attribute the map can filter a layer by: a coded property and the values it takes. */
export interface FilterableAttribute {
  property: string;
  labelZh: string;
  labelEn: string;
  values: readonly string[];
}

const attr = (property: string, labelZh: string, labelEn: string, values: readonly string[]): FilterableAttribute => ({ property, labelZh, labelEn, values });

/** What "filter by attribute" offers per layer (coded properties only; a test keeps it in step with the layer schemas). */
export const FILTERABLE_ATTRIBUTES: Partial<Record<MapLayerId, FilterableAttribute[]>> = {
  roads: [attr('roadClass', '道路等级', 'Road class', ROAD_CLASSES), attr('surface', '路面', 'Surface', ROAD_SURFACES), attr('exemption', '宽度豁免', 'Width exemption', ROAD_EXEMPTIONS)],
  villages: [attr('kind', '村类型', 'Kind', VILLAGE_KINDS)],
  water_sources: [attr('kind', '水源类型', 'Kind', WATER_SOURCE_KINDS), attr('regionType', '水资源分区', 'Water region', WATER_REGION_TYPES)],
  houses: [
    attr('safetyRating', '安全等级', 'Safety rating', SAFETY_RATINGS), attr('priorityGroup', '优先对象', 'Priority group', PRIORITY_GROUPS),
    attr('renovationPath', '改造方式', 'Renovation path', RENOVATION_PATHS), attr('renovationStatus', '改造进度', 'Status', RENOVATION_STATUSES),
  ],
  relocation_sites: [attr('kind', '安置方式', 'Kind', RELOCATION_KINDS)],
};

import { codedProperties, fieldLabel } from '@cuntu/domain';
import { MAP_LAYERS, type MapLayerId } from './layer-catalogue';

/** An attribute the map can filter a layer by: a coded property and the values it takes. */
export interface FilterableAttribute {
  property: string;
  labelZh: string;
  labelEn: string;
  values: readonly string[];
}

/** What "filter by attribute" offers per layer: the properties whose values come from a fixed list, named as forms name them. */
export const FILTERABLE_ATTRIBUTES: Partial<Record<MapLayerId, FilterableAttribute[]>> = Object.fromEntries(MAP_LAYERS.flatMap(({ id }) => {
  const attributes = codedProperties(id).map(({ property, values }) => ({ property, labelZh: fieldLabel(property, 'zh-CN'), labelEn: fieldLabel(property, 'en'), values }));
  return attributes.length ? [[id, attributes]] : [];
}));

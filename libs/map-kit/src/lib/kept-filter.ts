import type { FilterSpecification } from 'maplibre-gl';
import { rulesForLayer, type MapLayerId } from './layer-catalogue';
import { idFilter } from './layer-style';
import type { MapFilter } from './map.store';

/** A village code's first nine digits: its town's. */
const townPrefix = (code: string) => code.slice(0, 9);

/**
 * What the map's filter keeps of a layer, said twice the same way: as a MapLibre filter on the attributes
 * its tiles carry (`expression`, null when it keeps every feature) and as the API's selection the legend
 * counts (`query` for `/api/checks/layers/{layer}/counts`). The attribute filter's matches on its layer,
 * else the features with the rule's verdict where the rule judges the layer, and the villages of the town.
 * `matches`: the ids the features API found for the attribute filter, once found.
 */
export function keptFeatures(layer: MapLayerId, filter: MapFilter, matches: readonly string[] | null): {
  expression: FilterSpecification | null;
  query: { town?: string; rule?: string; verdict?: 'pass' | 'fail' | 'unknown'; property?: string; value?: string };
} {
  const { attribute, rule, verdict, town } = filter;
  if (attribute?.layer === layer) {
    return { expression: idFilter(matches ?? []), query: { property: attribute.property, value: attribute.value } };
  }
  const judged = rule && verdict && rulesForLayer(layer).some((r) => r.id === rule) ? { rule, verdict } : null;
  const inTown = town && layer === 'villages' ? town : null;
  const conditions: FilterSpecification[] = [
    ...(judged ? [['==', ['get', judged.rule], judged.verdict] as FilterSpecification] : []),
    ...(inTown ? [['==', ['slice', ['to-string', ['id']], 0, 9], townPrefix(inTown)] as FilterSpecification] : []),
  ];
  return {
    expression: conditions.length === 0 ? null : conditions.length === 1 ? conditions[0] : ['all', ...conditions] as FilterSpecification,
    query: { ...judged, ...(inTown ? { town: inTown } : {}) },
  };
}

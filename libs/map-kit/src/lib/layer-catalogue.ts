import { RULES, type RuleSubject } from '@cuntu/standards';

/** A layer of our data on the map: where its features come from, how it is drawn, which rules can colour it. */
export interface MapLayerDefinition {
  id: 'villages' | 'groups' | 'roads' | 'water_sources' | 'houses' | 'relocation_sites';
  labelZh: string;
  labelEn: string;
  kind: 'circle' | 'line';
  colour: string;
  subject: RuleSubject;
  /** Shown when the map opens. */
  visible: boolean;
}

/** The one catalogue the layer tree, the legend and the style are built from. */
export const MAP_LAYERS: readonly MapLayerDefinition[] = [
  { id: 'roads', labelZh: '道路', labelEn: 'Roads', kind: 'line', colour: '#7a6a58', subject: 'road', visible: true },
  { id: 'villages', labelZh: '行政村', labelEn: 'Villages', kind: 'circle', colour: '#2f6f9f', subject: 'village', visible: true },
  { id: 'groups', labelZh: '自然村（组）', labelEn: 'Natural villages', kind: 'circle', colour: '#6c8ebf', subject: 'group', visible: false },
  { id: 'water_sources', labelZh: '水源与供水工程', labelEn: 'Water sources', kind: 'circle', colour: '#1f8fbf', subject: 'water_source', visible: true },
  { id: 'houses', labelZh: '危房', labelEn: 'Dilapidated houses', kind: 'circle', colour: '#b5651d', subject: 'house', visible: false },
  { id: 'relocation_sites', labelZh: '易地搬迁安置点', labelEn: 'Relocation sites', kind: 'circle', colour: '#8e44ad', subject: 'relocation_site', visible: true },
];

export type MapLayerId = MapLayerDefinition['id'];

/** How a layer is drawn: enough to build its style. */
export type LayerLook = Pick<MapLayerDefinition, 'kind' | 'colour'> & { id: string };

/**
 * A layer on a team's own map: the planner's layers, and village facilities, which carry their
 * village's verdicts (a clinic coloured by its village's clinic rule). `rules` narrows what can colour it.
 */
export interface TeamLayerDefinition extends Omit<MapLayerDefinition, 'id'> {
  id: MapLayerId | 'facilities';
  rules?: readonly string[];
}

export const TEAM_LAYERS: readonly TeamLayerDefinition[] = [
  ...MAP_LAYERS,
  { id: 'facilities', labelZh: '村级设施', labelEn: 'Village facilities', kind: 'circle', colour: '#c0392b', subject: 'village', visible: true, rules: ['village.clinic', 'village.doctor', 'village.culture', 'village.bus'] },
];
export type TeamLayerId = TeamLayerDefinition['id'];

/** The rules whose verdicts a layer's features carry (what "colour by" offers for it). */
export function rulesForLayer(layer: MapLayerId) {
  const def = MAP_LAYERS.find((l) => l.id === layer)!;
  return RULES.filter((r) => r.subject === def.subject);
}

/** Colours of the verdicts, in one place for map, legend and badges. */
export const VERDICT_COLOURS = { pass: '#2e9d4f', fail: '#d64545', unknown: '#9a9a9a' } as const;

import { LAYERS, verdictSubjectOf, type LayerDefinition, type LayerId, type RuleSubject } from '@cuntu/domain';
import { rulesCarriedBy } from '@cuntu/standards';

/**
 * Each layer's colour, in drawing order (the first is drawn lowest): the map kit's part of a layer.
 * A layer without a colour here fails the type check.
 */
export const LAYER_COLOURS: Readonly<Record<LayerId, string>> = {
  towns: '#5d4a7a',
  roads: '#7a6a58',
  villages: '#2f6f9f',
  groups: '#6c8ebf',
  water_sources: '#1f8fbf',
  houses: '#b5651d',
  relocation_sites: '#8e44ad',
  assets: '#d4a017',
  facilities: '#c0392b',
};

/** A layer of our data on a map: its name, how it is drawn, whose verdicts colour it. Built from the layer's definition. */
export interface TeamLayerDefinition {
  id: LayerId;
  labelZh: string;
  labelEn: string;
  kind: 'circle' | 'line';
  colour: string;
  /** The subject whose verdicts its features carry; null for a layer no rule judges (drawn in its colour only). */
  subject: RuleSubject | null;
  /** Shown when the map opens. */
  visible: boolean;
  /** Narrows the rules that can colour it, when it carries another subject's verdicts (a clinic: its village's clinic rule). */
  rules?: readonly string[];
}
export type TeamLayerId = TeamLayerDefinition['id'];

const mapLayer = (id: LayerId): TeamLayerDefinition => {
  const def: LayerDefinition = LAYERS[id];
  const { labelZh, labelEn } = LAYERS[id];
  const verdicts = verdictSubjectOf(id);
  return {
    id, labelZh, labelEn, kind: def.geometry === 'LineString' ? 'line' : 'circle', colour: LAYER_COLOURS[id],
    subject: verdicts?.subject ?? null, visible: def.map.shownAtStart, ...(verdicts?.rules ? { rules: verdicts.rules } : {}),
  };
};

/** Every layer on a team's own map, in drawing order. */
export const TEAM_LAYERS: readonly TeamLayerDefinition[] = (Object.keys(LAYER_COLOURS) as LayerId[]).map(mapLayer);

/** The planner's map: the layers whose definitions put them there. */
export type MapLayerId = { [K in LayerId]: (typeof LAYERS)[K]['map']['planner'] extends true ? K : never }[LayerId];
export type MapLayerDefinition = TeamLayerDefinition & { id: MapLayerId };
/** The one catalogue the planner's layer tree, legend and style are built from. */
export const MAP_LAYERS: readonly MapLayerDefinition[] = TEAM_LAYERS.filter((l): l is MapLayerDefinition => LAYERS[l.id].map.planner);

/** How a layer is drawn: enough to build its style. */
export type LayerLook = Pick<TeamLayerDefinition, 'kind' | 'colour'> & { id: string };

/** The rules whose verdicts a layer's features carry (what "colour by" offers for it): the standards' `rulesCarriedBy`. */
export const rulesForLayer = (layer: TeamLayerId) => rulesCarriedBy(layer);

/**
 * The rule each layer is coloured by when a map opens — its headline verdict (villages by 通村, houses by
 * housing safety): the planner sees verdicts at first sight, and may choose another rule or none.
 */
export const HEADLINE_RULES: Readonly<Partial<Record<LayerId, string>>> = {
  villages: 'village.paved_road',
  groups: 'road.group_coverage',
  roads: 'road.surface',
  facilities: 'village.clinic',
  water_sources: 'water.quality',
  houses: 'house.safety',
  relocation_sites: 'relocation.area',
};

/** Colours of the verdicts, in one place for map, legend and badges. */
export const VERDICT_COLOURS = { pass: '#2e9d4f', fail: '#d64545', unknown: '#9a9a9a' } as const;

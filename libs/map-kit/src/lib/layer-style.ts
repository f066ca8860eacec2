import type { FilterSpecification, LayerSpecification, VectorSourceSpecification } from 'maplibre-gl';
import { APPROXIMATE_LOCATION, FULL_DETAIL_ZOOM } from '@cuntu/domain';
import { VERDICT_COLOURS, type LayerLook } from './layer-catalogue';

/** The MapLibre source id of a catalogue layer. */
export const sourceId = (layer: string) => `data-${layer}`;
export const styleLayerId = (layer: string) => `data-${layer}`;
export const highlightLayerId = (layer: string) => `data-${layer}-highlight`;

/** A feature with no verdict of the rule colouring its layer. */
export const NO_VERDICT_COLOUR = '#cfcfcf';

/** The colour of a feature: its verdict of `ruleId` when colouring by a rule, the layer's colour otherwise. */
export function colourExpression(def: LayerLook, ruleId: string | null): unknown {
  if (!ruleId) return def.colour;
  return ['match', ['get', ruleId], 'pass', VERDICT_COLOURS.pass, 'fail', VERDICT_COLOURS.fail, 'unknown', VERDICT_COLOURS.unknown, NO_VERDICT_COLOUR];
}

/**
 * A filter keeping the features whose id is among `ids`, compared as text: a vector tile's feature id
 * (a number, a village's code too) or a GeoJSON feature's `id` property promoted to its id.
 */
export const idFilter = (ids: readonly string[]) => ['in', ['to-string', ['id']], ['literal', [...ids]]] as never;

/**
 * A catalogue layer's vector tiles (`tiles`: the URL template of the tiles API, with each feature's
 * verdicts as attributes); deeper than full detail they are drawn magnified, not asked for.
 */
export const tileSource = (tiles: string): VectorSourceSpecification => ({ type: 'vector', tiles: [tiles], minzoom: 0, maxzoom: FULL_DETAIL_ZOOM });

/** A point placed by its village or group, not yet where it is (`locationApproximate`): a thick purple ring instead of the thin white one. */
const APPROXIMATE_RING = '#7b1fa2';
const approximate = ['==', ['get', APPROXIMATE_LOCATION], true];

/** A failing point is ringed in dark red, so failures stand out even where colours crowd. */
export const FAIL_RING = '#7f1010';

/** A point's ring: purple while placed by its village (approximate), dark red when it fails the rule colouring it, else thin white. */
export function circleStroke(ruleId: string | null) {
  const failing = ruleId ? ['==', ['get', ruleId], 'fail'] : false;
  return {
    'circle-stroke-color': ['case', approximate, APPROXIMATE_RING, failing, FAIL_RING, '#fff'] as never,
    'circle-stroke-width': ['case', approximate, 2.5, failing, 2, 1] as never,
  };
}

/**
 * The filters of a catalogue layer's drawing layer (`kept`: what the map filter keeps, null for all) and
 * highlight layer (features matching any of `ringed`: the filter's matches, the selection). With nothing
 * kept out or ringed they are exactly those `layerSpecifications` starts the layers with: MapLibre reads
 * every tile of a source again when one of its layers' filters changes, even from none to null (on a
 * province's opening map, a second parse of every tile).
 */
export function layerFilters(layer: string, kept: FilterSpecification | null, ringed: readonly FilterSpecification[]): Record<string, FilterSpecification | undefined> {
  return {
    [styleLayerId(layer)]: kept ?? undefined,
    [highlightLayerId(layer)]: ringed.length ? ['any', ...ringed] as FilterSpecification : idFilter([]),
  };
}

/**
 * The drawing layer and the highlight layer (features in the current filter or selection) of a catalogue
 * layer, from its GeoJSON source or (`tiled`) the layer of its vector tiles named as it is.
 */
export function layerSpecifications(def: LayerLook, options: { ruleId: string | null; opacity: number; visible: boolean; tiled?: boolean }): LayerSpecification[] {
  const visibility = options.visible ? 'visible' : 'none';
  const source = { source: sourceId(def.id), ...(options.tiled ? { 'source-layer': def.id } : {}) };
  const colour = colourExpression(def, options.ruleId) as never;
  const none = idFilter([]);
  if (def.kind === 'line') {
    return [
      { id: styleLayerId(def.id), type: 'line', ...source, layout: { visibility, 'line-cap': 'round' }, paint: { 'line-color': colour, 'line-opacity': options.opacity, 'line-width': ['interpolate', ['linear'], ['zoom'], 7, 1, 12, 3] } },
      { id: highlightLayerId(def.id), type: 'line', ...source, filter: none, layout: { visibility }, paint: { 'line-color': '#ffcc00', 'line-width': 6, 'line-opacity': 0.7 } },
    ];
  }
  return [
    { id: highlightLayerId(def.id), type: 'circle', ...source, filter: none, layout: { visibility }, paint: { 'circle-radius': 10, 'circle-color': '#ffcc00', 'circle-opacity': 0.8 } },
    {
      id: styleLayerId(def.id), type: 'circle', ...source, layout: { visibility },
      paint: {
        'circle-color': colour, 'circle-opacity': options.opacity, 'circle-stroke-opacity': options.opacity,
        ...circleStroke(options.ruleId), 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, def.id === 'houses' ? 1.5 : 3, 12, def.id === 'houses' ? 4 : 7],
      },
    },
  ];
}

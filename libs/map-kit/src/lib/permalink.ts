import { MAP_LAYERS, type MapLayerId } from './layer-catalogue';
import { FILTERABLE_ATTRIBUTES } from './attribute-filters';
import type { LayerState, MapFilter, MapViewState, Selection } from './map.store';

export interface PermalinkState {
  view: MapViewState | null;
  layers: Record<MapLayerId, LayerState>;
  filter: MapFilter;
  selection: Selection | null;
}

/**
 * The map state as URL query parameters: `v=lon,lat,zoom`, `l=roads:0.8:road.width,villages` (visible
 * layers with opacity and colouring), `f=town~rule~verdict`, `a=layer~property~value`, `s=layer:id`.
 */
export function encodePermalink(state: PermalinkState): URLSearchParams {
  const params = new URLSearchParams();
  if (state.view) params.set('v', [state.view.center[0].toFixed(5), state.view.center[1].toFixed(5), state.view.zoom.toFixed(2)].join(','));
  params.set('l', MAP_LAYERS.filter((l) => state.layers[l.id].visible).map((l) => {
    const s = state.layers[l.id];
    return [l.id, s.opacity === 1 ? '' : String(s.opacity), s.colourBy ?? ''].join(':').replace(/:+$/, '');
  }).join(','));
  if (state.filter.town || state.filter.rule) params.set('f', [state.filter.town ?? '', state.filter.rule ?? '', state.filter.verdict ?? ''].join('~'));
  if (state.filter.attribute) params.set('a', [state.filter.attribute.layer, state.filter.attribute.property, state.filter.attribute.value].join('~'));
  if (state.selection) params.set('s', `${state.selection.layer}:${state.selection.id}`);
  return params;
}

/** Reads what `encodePermalink` wrote; anything malformed is ignored, never thrown. */
export function decodePermalink(params: URLSearchParams, base: PermalinkState): PermalinkState {
  const next: PermalinkState = { ...base, layers: { ...base.layers }, filter: { ...base.filter } };
  const v = params.get('v')?.split(',').map(Number);
  if (v && v.length === 3 && v.every(Number.isFinite)) next.view = { center: [v[0], v[1]], zoom: v[2] };
  const l = params.get('l');
  if (l !== null) {
    for (const def of MAP_LAYERS) next.layers[def.id] = { ...next.layers[def.id], visible: false };
    for (const part of l.split(',').filter(Boolean)) {
      const [id, opacity, colourBy] = part.split(':');
      if (!MAP_LAYERS.some((d) => d.id === id)) continue;
      const o = Number(opacity);
      next.layers[id as MapLayerId] = { visible: true, opacity: opacity && o >= 0 && o <= 1 ? o : 1, colourBy: colourBy || null };
    }
  }
  const f = params.get('f')?.split('~');
  if (f) next.filter = { ...next.filter, town: f[0] || null, rule: f[1] || null, verdict: (['pass', 'fail', 'unknown'].includes(f[2]) ? f[2] : null) as MapFilter['verdict'] };
  const a = params.get('a')?.split('~');
  const offered = a && FILTERABLE_ATTRIBUTES[a[0] as MapLayerId]?.find((x) => x.property === a[1]);
  if (a && offered?.values.includes(a[2])) next.filter = { ...next.filter, attribute: { layer: a[0] as MapLayerId, property: a[1], value: a[2] } };
  const s = params.get('s')?.split(':');
  if (s && s.length === 2 && MAP_LAYERS.some((d) => d.id === s[0])) next.selection = { layer: s[0] as MapLayerId, id: s[1] };
  return next;
}

/**
 * The address of the map showing some layers (optionally coloured by a rule), filtered by town and
 * rule + verdict, or with one feature selected: what a dashboard figure links to.
 */
export function mapLink(options: { layers: Array<{ id: MapLayerId; colourBy?: string }>; town?: string; rule?: string; verdict?: MapFilter['verdict']; selection?: Selection }): string {
  const layers = Object.fromEntries(MAP_LAYERS.map((l) => {
    const shown = options.layers.find((x) => x.id === l.id);
    return [l.id, { visible: !!shown, opacity: 1, colourBy: shown?.colourBy ?? null }];
  })) as Record<MapLayerId, LayerState>;
  const filter: MapFilter = { town: options.town ?? null, rule: options.rule ?? null, verdict: options.verdict ?? null, attribute: null };
  return `/map?${encodePermalink({ view: null, layers, filter, selection: options.selection ?? null })}`;
}

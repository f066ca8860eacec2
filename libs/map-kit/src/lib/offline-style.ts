import type { FilterSpecification, LayerSpecification, StyleSpecification } from 'maplibre-gl';

/** The font stack MapLibre uses to draw CJK labels locally, so no glyph server is needed. */
export const LOCAL_IDEOGRAPH_FONT_FAMILY = "'Noto Sans CJK SC', 'Noto Sans SC', 'Microsoft YaHei', 'PingFang SC', sans-serif";

/**
 * Source ids of the region layers in the offline style. The county's source also carries its towns'
 * seats, where their names are drawn: a source of their own was read after every other, and its labels
 * drawn in a frame of their own (0.2 s at province extent in software rendering).
 */
export const REGION_SOURCES = { county: 'county', towns: 'towns', villages: 'villages' } as const;

/** The county source's outlines, and its points (the towns' seats). */
const OUTLINES: FilterSpecification = ['!=', ['geometry-type'], 'Point'];
const SEATS: FilterSpecification = ['==', ['geometry-type'], 'Point'];

const empty = (): { type: 'FeatureCollection'; features: [] } => ({ type: 'FeatureCollection', features: [] });

/** Colours of the offline style, in one place. */
/** The style layer outlining the town a filter narrows the map to. */
export const TOWN_SELECTED_LAYER = 'town-selected';

export const REGION_COLOURS = {
  background: '#f4f1ea',
  countyFill: '#fbfaf6',
  countyLine: '#5b4636',
  townLine: '#a08c7a',
  townSelected: '#27445c',
  villageDot: '#2f6f9f',
  label: '#2b2b2b',
  halo: '#ffffff',
} as const;

/**
 * A MapLibre style that needs no internet: a plain background, the county and town outlines and the
 * village committees with Chinese labels; with `basemap`, a raster basemap underneath (deployments with
 * internet). Data arrives later through `setData` on the GeoJSON sources.
 */
export function createOfflineStyle(basemap: MapBasemap = null): StyleSpecification {
  const style: StyleSpecification = {
    version: 8,
    name: 'cuntu-offline',
    sources: {
      [REGION_SOURCES.county]: { type: 'geojson', data: empty() },
      [REGION_SOURCES.towns]: { type: 'geojson', data: empty() },
      [REGION_SOURCES.villages]: { type: 'geojson', data: empty() },
    },
    layers: [
      { id: 'background', type: 'background', paint: { 'background-color': REGION_COLOURS.background } },
      { id: 'county-fill', type: 'fill', source: REGION_SOURCES.county, filter: OUTLINES, paint: { 'fill-color': REGION_COLOURS.countyFill } },
      { id: 'town-line', type: 'line', source: REGION_SOURCES.towns, paint: { 'line-color': REGION_COLOURS.townLine, 'line-width': 1, 'line-dasharray': [3, 2] } },
      // The town the map is filtered to, outlined (its code set by the filter; none at first).
      { id: TOWN_SELECTED_LAYER, type: 'line', source: REGION_SOURCES.towns, filter: ['==', ['get', 'code'], ''], paint: { 'line-color': REGION_COLOURS.townSelected, 'line-width': 3 } },
      { id: 'county-line', type: 'line', source: REGION_SOURCES.county, filter: OUTLINES, paint: { 'line-color': REGION_COLOURS.countyLine, 'line-width': 2.5 } },
      {
        id: 'village-dot', type: 'circle', source: REGION_SOURCES.villages,
        paint: { 'circle-radius': ['interpolate', ['linear'], ['zoom'], 7, 2, 12, 6], 'circle-color': REGION_COLOURS.villageDot, 'circle-stroke-color': '#fff', 'circle-stroke-width': 1 },
      },
      {
        id: 'town-label', type: 'symbol', source: REGION_SOURCES.county, filter: SEATS,
        layout: { 'text-field': ['get', 'name'], 'text-size': 14, 'text-font': ['Noto Sans Regular'], 'symbol-placement': 'point' },
        paint: { 'text-color': REGION_COLOURS.countyLine, 'text-halo-color': REGION_COLOURS.halo, 'text-halo-width': 1.5 },
      },
      {
        id: 'village-label', type: 'symbol', source: REGION_SOURCES.villages, minzoom: 9,
        layout: { 'text-field': ['get', 'name'], 'text-size': 11, 'text-offset': [0, 1], 'text-anchor': 'top', 'text-font': ['Noto Sans Regular'] },
        paint: { 'text-color': REGION_COLOURS.label, 'text-halo-color': REGION_COLOURS.halo, 'text-halo-width': 1 },
      },
    ],
  };
  if (basemap && 'tiles' in basemap) {
    // A raster basemap (Tianditu or any XYZ) goes under everything of ours, above the plain background.
    style.sources.basemap = { type: 'raster', tiles: basemap.tiles, tileSize: 256, attribution: basemap.attribution };
    style.layers.splice(1, 0, { id: 'basemap', type: 'raster', source: 'basemap' });
  } else if (basemap) {
    // A whole style underneath: its sources and layers renamed so none clashes with ours, its glyphs
    // and sprite kept for its own labels and icons; our background gives way to its own.
    const rename = (id: string) => `basemap-${id}`;
    for (const [id, source] of Object.entries(basemap.style.sources)) style.sources[rename(id)] = source;
    const layers = basemap.style.layers.map((l) => ({ ...l, id: rename(l.id), ...('source' in l && typeof l.source === 'string' ? { source: rename(l.source) } : {}) }) as LayerSpecification);
    style.layers.splice(0, 1, ...layers);
    if (basemap.style.glyphs) style.glyphs = basemap.style.glyphs;
    if (basemap.style.sprite) style.sprite = basemap.style.sprite;
  }
  return style;
}

/** A basemap the offline style can take: raster tiles, a loaded MapLibre style, or none. */
export type MapBasemap = { tiles: string[]; attribution: string } | { style: StyleSpecification } | null;

/**
 * The basemap of the portal's configuration, ready for `createOfflineStyle`: a style URL is fetched;
 * one that cannot be (offline, blocked) leaves the map without a basemap rather than without a map.
 */
// eslint-disable-next-line no-restricted-globals -- a basemap's style document from its provider, not the portal's API
export async function loadBasemap(source: { tiles: string[]; attribution: string } | { styleUrl: string } | null, doFetch: typeof fetch = fetch): Promise<MapBasemap> {
  if (!source || 'tiles' in source) return source;
  try {
    const response = await doFetch(source.styleUrl);
    if (!response.ok) throw new Error(`HTTP ${response.status}`);
    return { style: (await response.json()) as StyleSpecification };
  } catch (e) {
    console.warn(`basemap style ${source.styleUrl} could not be loaded:`, e);
    return null;
  }
}

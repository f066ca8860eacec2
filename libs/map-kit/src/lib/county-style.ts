import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { seatLabelPoints } from './label-points';
import { createOfflineStyle, REGION_SOURCES, type MapBasemap } from './offline-style';

/** The county, its towns (with their seats) and the village committees, as the API gives them. */
export interface CountyRegions {
  counties: { features: unknown[] };
  towns: { features: Array<{ properties: { name: string; seat?: [number, number] | null } }> };
  /** The committees as GeoJSON, or the source (and its layer) of the villages' vector tiles already in the style. */
  villages: unknown | { tiled: { source: string; sourceLayer: string } };
}

const isTiled = (villages: CountyRegions['villages']): villages is { tiled: { source: string; sourceLayer: string } } =>
  typeof villages === 'object' && villages !== null && 'tiled' in villages;

/**
 * The style every Cuntu map starts from: the offline style with the regions' data already in it (no
 * empty sources filled after `load`: MapLibre processes each source once and the first render shows
 * everything), town names at their seats (points of the county's source), and `dataLayers` drawn between the outlines and the labels.
 * Village dots and names come from the villages' vector tiles where the map has them (a province's
 * committees are not read whole), else from their GeoJSON.
 */
export function countyStyle(basemap: MapBasemap, regions: CountyRegions, dataLayers: LayerSpecification[] = []): StyleSpecification {
  const style = createOfflineStyle(basemap);
  const put = (source: string, data: unknown) => ((style.sources[source] as { data: unknown }).data = data);
  put(REGION_SOURCES.county, { type: 'FeatureCollection', features: [...regions.counties.features, ...seatLabelPoints(regions.towns).features] });
  put(REGION_SOURCES.towns, regions.towns);
  if (isTiled(regions.villages)) {
    const { source, sourceLayer } = regions.villages.tiled;
    delete style.sources[REGION_SOURCES.villages];
    style.layers = style.layers.map((l) => ('source' in l && l.source === REGION_SOURCES.villages ? { ...l, source, 'source-layer': sourceLayer } as LayerSpecification : l));
  } else {
    put(REGION_SOURCES.villages, regions.villages);
  }
  style.layers.splice(style.layers.findIndex((l) => l.id === 'town-label'), 0, ...dataLayers);
  return style;
}

import type { LayerSpecification, StyleSpecification } from 'maplibre-gl';
import { seatLabelPoints } from './label-points';
import { createOfflineStyle, REGION_SOURCES, type MapBasemap } from './offline-style';

/** The county, its towns (with their seats) and the village committees, as the API gives them. */
export interface CountyRegions {
  counties: unknown;
  towns: { features: Array<{ properties: { name: string; seat?: [number, number] | null } }> };
  villages: unknown;
}

/**
 * The style every Cuntu map starts from: the offline style with the regions' data already in it (no
 * empty sources filled after `load`: MapLibre processes each source once and the first render shows
 * everything), town names at their seats, and `dataLayers` drawn between the outlines and the labels.
 */
export function countyStyle(basemap: MapBasemap, regions: CountyRegions, dataLayers: LayerSpecification[] = []): StyleSpecification {
  const style = createOfflineStyle(basemap);
  const put = (source: string, data: unknown) => ((style.sources[source] as { data: unknown }).data = data);
  put(REGION_SOURCES.county, regions.counties);
  put(REGION_SOURCES.towns, regions.towns);
  put(REGION_SOURCES.townLabels, seatLabelPoints(regions.towns));
  put(REGION_SOURCES.villages, regions.villages);
  style.layers.splice(style.layers.findIndex((l) => l.id === 'town-label'), 0, ...dataLayers);
  return style;
}

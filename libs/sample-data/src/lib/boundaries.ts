import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import gcoord from 'gcoord';
import type { Feature, FeatureCollection, MultiPolygon } from 'geojson';

/** A county boundary in WGS-84, ready to store as SRID 4326. */
export interface CountyBoundary {
  code: string;
  name: string;
  boundary: MultiPolygon;
}

const DATA_DIR = new URL('../../data/', import.meta.url);
export const NAIMAN_CODE = '150525';
export const TONGLIAO_CODE = '150500';
export const TONGLIAO_NAME = '通辽市';

/**
 * Loads the real county boundaries shipped in ../../data (DataV.GeoAtlas extracts, published in GCJ-02)
 * and converts them to WGS-84 with gcoord.
 */
export function loadCountyBoundaries(prefecture: boolean): CountyBoundary[] {
  const file = prefecture ? '150500-tongliao-counties.geojson' : '150525-naiman.geojson';
  const collection = JSON.parse(readFileSync(fileURLToPath(new URL(file, DATA_DIR)), 'utf8')) as FeatureCollection;
  return collection.features.map((feature) => {
    const wgs84 = gcoord.transform(feature as never, gcoord.GCJ02, gcoord.WGS84) as unknown as Feature;
    const props = feature.properties as { adcode: number; name: string };
    return { code: String(props.adcode), name: props.name, boundary: roundMultiPolygon(wgs84.geometry as MultiPolygon) };
  });
}

function roundMultiPolygon(geometry: MultiPolygon): MultiPolygon {
  return { type: 'MultiPolygon', coordinates: geometry.coordinates.map((poly) => poly.map((ring) => ring.map(roundPosition))) };
}

/** Rounds a position to 6 decimals (≈ 0.1 m), which keeps output stable and compact. */
export function roundPosition(p: number[]): [number, number] {
  return [Math.round(p[0] * 1e6) / 1e6, Math.round(p[1] * 1e6) / 1e6];
}

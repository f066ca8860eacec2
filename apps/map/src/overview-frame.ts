import { MercatorCoordinate } from 'maplibre-gl';
import type { FeatureCollection } from '@cuntu/domain';
import { boundsOf } from '@cuntu/map-kit';

/** A square picture of `size` pixels showing some outlines in Web Mercator, as the main map draws them. */
export interface OverviewFrame {
  /** The outlines as one SVG path, in the picture's pixels. */
  path: string;
  /** A [longitude, latitude] in the picture's pixels. */
  toPixel(lngLat: [number, number]): [number, number];
  /** A point of the picture as [longitude, latitude]. */
  toLngLat(pixel: [number, number]): [number, number];
}

type Ring = Array<[number, number]>;
const ringsOf = (geometry: { type: string; coordinates: unknown } | null): Ring[] => {
  if (geometry?.type === 'Polygon') return geometry.coordinates as Ring[];
  if (geometry?.type === 'MultiPolygon') return (geometry.coordinates as Ring[][]).flat();
  return [];
};

/**
 * The frame fitting every polygon of `regions` into a `size`-pixel square less `padding`, centred. The
 * path keeps one vertex per tenth of a pixel: a province's county outlines (tens of thousands of vertices)
 * become a few thousand.
 */
export function overviewFrame(regions: FeatureCollection, size: number, padding: number): OverviewFrame {
  const lngLatRings = regions.features.flatMap((f) => ringsOf(f.geometry as { type: string; coordinates: unknown } | null));
  const rings = lngLatRings.map((ring) => ring.map(([lng, lat]) => MercatorCoordinate.fromLngLat([lng, lat])));
  // Web Mercator keeps longitude and latitude in order: the box's corners project to the outlines' extremes.
  const [west, south, east, north] = boundsOf({ coordinates: lngLatRings });
  const { x: minX, y: minY } = MercatorCoordinate.fromLngLat([west, north]);
  const { x: maxX, y: maxY } = MercatorCoordinate.fromLngLat([east, south]);
  const scale = (size - 2 * padding) / Math.max(maxX - minX, maxY - minY, Number.EPSILON);
  const left = (size - (maxX - minX) * scale) / 2;
  const top = (size - (maxY - minY) * scale) / 2;
  const px = (x: number, y: number): [number, number] => [left + (x - minX) * scale, top + (y - minY) * scale];
  const tenth = (n: number) => Math.round(n * 10) / 10;
  const path = rings.map((ring) => {
    let last = '';
    const points: string[] = [];
    for (const c of ring) {
      const point = px(c.x, c.y).map(tenth).join(' ');
      if (point !== last) points.push(point);
      last = point;
    }
    return `M${points.join('L')}Z`;
  }).join('');
  return {
    path,
    toPixel: ([lng, lat]) => {
      const c = MercatorCoordinate.fromLngLat([lng, lat]);
      return px(c.x, c.y);
    },
    toLngLat: ([x, y]) => {
      const lngLat = new MercatorCoordinate(minX + (x - left) / scale, minY + (y - top) / scale).toLngLat();
      return [lngLat.lng, lngLat.lat];
    },
  };
}

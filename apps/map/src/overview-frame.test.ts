import { describe, expect, it } from 'vitest';
import type { FeatureCollection } from '@cuntu/domain';
import { overviewFrame } from './overview-frame';

const square = (w: number, s: number, e: number, n: number) => [[[w, s], [e, s], [e, n], [w, n], [w, s]]];
const regions = (geometries: Array<{ type: string; coordinates: unknown }>): FeatureCollection =>
  ({ type: 'FeatureCollection', features: geometries.map((geometry) => ({ type: 'Feature', properties: {}, geometry })) }) as FeatureCollection;
/** The points of an SVG path of straight segments. */
const pointsOf = (path: string) => [...path.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe('the overview\'s picture of the counties', () => {
  // Two counties side by side, wider than tall, and a point that is not a region.
  const counties = regions([
    { type: 'Polygon', coordinates: square(120, 42, 121, 43) },
    { type: 'MultiPolygon', coordinates: [square(121, 42, 122, 43), square(121.2, 42.2, 121.4, 42.4)] },
    { type: 'Point', coordinates: [100, 10] },
  ]);
  const frame = overviewFrame(counties, 160, 6);

  it('fits every outline into the square less its padding, centred, north up', () => {
    const points = pointsOf(frame.path);
    const xs = points.map(([x]) => x);
    const ys = points.map(([, y]) => y);
    expect(Math.min(...xs)).toBeCloseTo(6, 1);
    expect(Math.max(...xs)).toBeCloseTo(154, 1);
    // Wider than tall: centred top to bottom, as far from the top as from the bottom.
    expect(Math.min(...ys)).toBeGreaterThan(6);
    expect(Math.min(...ys)).toBeCloseTo(160 - Math.max(...ys), 1);
    expect(frame.toPixel([120.5, 42.9])[1]).toBeLessThan(frame.toPixel([120.5, 42.1])[1]);
    expect(frame.path.match(/M/g)).toHaveLength(3);
  });

  it('draws Web Mercator as the main map does: a degree of latitude is longer further north', () => {
    const tall = overviewFrame(regions([{ type: 'Polygon', coordinates: square(120, 0, 121, 60) }]), 160, 0);
    const degree = (lat: number) => tall.toPixel([120, lat])[1] - tall.toPixel([120, lat + 1])[1];
    expect(degree(59)).toBeGreaterThan(1.9 * degree(0));
  });

  it('finds the place under a point of the picture', () => {
    for (const place of [[120.25, 42.75], [121.9, 42.05], [121, 42.5]] as Array<[number, number]>) {
      const [lng, lat] = frame.toLngLat(frame.toPixel(place));
      expect(lng).toBeCloseTo(place[0], 9);
      expect(lat).toBeCloseTo(place[1], 9);
    }
  });

  it('keeps one vertex per tenth of a pixel', () => {
    // A county outline with 10,000 vertices a metre apart draws with a handful.
    const ring = Array.from({ length: 10_000 }, (_, i) => [120 + i / 1e5, 42 + (i % 2) / 1e6]);
    const dense = overviewFrame(regions([{ type: 'Polygon', coordinates: [[...ring, [120.1, 42.5], ring[0]]] }]), 160, 6);
    expect(pointsOf(dense.path).length).toBeLessThan(1600);
    expect(pointsOf(dense.path).length).toBeGreaterThan(2);
  });

  it('frames outlines of hundreds of thousands of vertices, as a province\'s surveyed boundaries have', () => {
    const ring = Array.from({ length: 300_000 }, (_, i) => [120 + Math.cos(i / 47_746) * 2, 42 + Math.sin(i / 47_746)]);
    const frame = overviewFrame(regions([{ type: 'Polygon', coordinates: [[...ring, ring[0]]] }]), 160, 6);
    const xs = pointsOf(frame.path).map(([x]) => x);
    expect(Math.min(...xs)).toBeCloseTo(6, 0);
    expect(Math.max(...xs)).toBeCloseTo(154, 0);
  });
});

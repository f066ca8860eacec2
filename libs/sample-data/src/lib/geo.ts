import * as turf from '@turf/turf';
import type { Feature, LineString, MultiPolygon, Point, Polygon, Position } from 'geojson';
import type { Random } from './random';
import { roundPosition } from './boundaries';

export type Pos = [number, number];

export const point = (p: Pos): Point => ({ type: 'Point', coordinates: roundPosition(p) });
export const line = (ps: Pos[]): LineString => ({ type: 'LineString', coordinates: ps.map(roundPosition) });

/** Great-circle distance in km. */
export const km = (a: Pos, b: Pos): number => turf.distance(a, b, { units: 'kilometers' });

/** The point `distanceKm` from `p` in direction `bearing` (degrees). */
export const move = (p: Pos, distanceKm: number, bearing: number): Pos =>
  turf.destination(p, distanceKm, bearing, { units: 'kilometers' }).geometry.coordinates as Pos;

export const inside = (p: Pos, area: Polygon | MultiPolygon): boolean => turf.booleanPointInPolygon(p, area);

/** A uniformly random point inside `area` (rejection sampling in its bounding box). */
export function randomPointIn(rng: Random, area: Polygon | MultiPolygon): Pos {
  const [w, s, e, n] = turf.bbox(area);
  for (;;) {
    const p: Pos = [w + rng.next() * (e - w), s + rng.next() * (n - s)];
    if (inside(p, area)) return roundPosition(p);
  }
}

/**
 * `count` well-spread points inside `area`: best-candidate sampling (each new point is the candidate
 * farthest from those already chosen), so towns and villages do not clump.
 */
export function spreadPoints(rng: Random, area: Polygon | MultiPolygon, count: number, candidates = 8): Pos[] {
  const chosen: Pos[] = [];
  while (chosen.length < count) {
    let best: Pos | null = null;
    let bestDistance = -1;
    for (let c = 0; c < (chosen.length === 0 ? 1 : candidates); c++) {
      const p = randomPointIn(rng, area);
      const d = chosen.reduce((min, q) => Math.min(min, Math.hypot(p[0] - q[0], p[1] - q[1])), Infinity);
      if (d > bestDistance) {
        best = p;
        bestDistance = d;
      }
    }
    chosen.push(best as Pos);
  }
  return chosen;
}

/** Splits `area` into Voronoi cells around `seeds`, clipped to `area`; one MultiPolygon per seed. */
export function partition(area: Polygon | MultiPolygon, seeds: Pos[]): MultiPolygon[] {
  const bbox = turf.bbox(area);
  const pad = 0.05;
  const cells = turf.voronoi(turf.featureCollection(seeds.map((s) => turf.point(s))), {
    bbox: [bbox[0] - pad, bbox[1] - pad, bbox[2] + pad, bbox[3] + pad],
  });
  return seeds.map((seed, i) => {
    const cell = cells.features[i] as Feature<Polygon> | undefined;
    const clipped = cell ? turf.intersect(turf.featureCollection([cell, turf.feature(area)])) : null;
    const geometry = clipped?.geometry ?? turf.circle(seed, 0.3, { units: 'kilometers' }).geometry;
    return toMultiPolygon(geometry);
  });
}

export function toMultiPolygon(geometry: Polygon | MultiPolygon): MultiPolygon {
  const coordinates = geometry.type === 'Polygon' ? [geometry.coordinates] : geometry.coordinates;
  return { type: 'MultiPolygon', coordinates: coordinates.map((poly) => poly.map((ring) => ring.map(roundPosition))) };
}

/** A path from `a` to `b` with `bends` jittered inner vertices, like a road following the land. */
export function wigglyPath(rng: Random, a: Pos, b: Pos, bends: number, jitterKm: number): Pos[] {
  const path: Pos[] = [a];
  const bearing = turf.bearing(a, b);
  const total = km(a, b);
  for (let i = 1; i <= bends; i++) {
    const along = move(a, (total * i) / (bends + 1), bearing);
    path.push(move(along, (rng.next() - 0.5) * 2 * jitterKm, bearing + 90));
  }
  path.push(b);
  return path.map(roundPosition) as Pos[];
}

/** The nearest point to `p` on any of `lines`. */
export function nearestOnLines(p: Pos, lines: Position[][]): Pos {
  const snapped = turf.nearestPointOnLine(turf.multiLineString(lines), p);
  return roundPosition(snapped.geometry.coordinates);
}

/** The nearest point to `p` on the outline of `area`. */
export function nearestOnBoundary(p: Pos, area: MultiPolygon): Pos {
  return nearestOnLines(p, area.coordinates.flatMap((poly) => poly));
}

/** A circle polygon, for service areas and footprints. */
export function circle(center: Pos, radiusKm: number, steps = 24): Polygon {
  const c = turf.circle(center, radiusKm, { units: 'kilometers', steps }).geometry;
  return { type: 'Polygon', coordinates: c.coordinates.map((ring) => ring.map(roundPosition)) };
}

/** Area in km². */
export const areaKm2 = (area: Polygon | MultiPolygon): number => turf.area(area) / 1e6;

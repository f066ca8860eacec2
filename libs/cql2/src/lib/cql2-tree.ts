/**
 * The filter expressions of OGC CQL2 this project understands, as a typed tree: what both encodings
 * (CQL2 text and CQL2 JSON) are read into, and what a translator to SQL walks. The classes covered:
 * Basic CQL2 (comparisons, IS NULL, AND / OR / NOT on string, number, boolean, date and timestamp
 * literals), Advanced Comparison Operators (LIKE, BETWEEN, IN), Property-Property comparisons, and
 * Spatial Functions (S_INTERSECTS, S_WITHIN and the other six of the DE-9IM family) on GeoJSON or
 * BBOX literals.
 */

export const COMPARISON_OPS = ['=', '<>', '<', '>', '<=', '>='] as const;
export type ComparisonOp = (typeof COMPARISON_OPS)[number];
export const SPATIAL_OPS = ['s_intersects', 's_equals', 's_disjoint', 's_touches', 's_within', 's_overlaps', 's_crosses', 's_contains'] as const;
export type SpatialOp = (typeof SPATIAL_OPS)[number];

/** A GeoJSON geometry written in a filter (in the filter's CRS). */
export interface GeometryLiteral {
  type: 'Point' | 'LineString' | 'Polygon' | 'MultiPoint' | 'MultiLineString' | 'MultiPolygon';
  coordinates: unknown;
}

/** What a comparison compares: a property, or a literal (dates and timestamps as ISO text, kept apart). */
export type Scalar =
  | { property: string }
  | { value: string | number | boolean }
  | { date: string }
  | { timestamp: string };

/** What a spatial function compares: a property, a geometry or a box (minX, minY, maxX, maxY in the filter's CRS). */
export type SpatialArgument = { property: string } | { geometry: GeometryLiteral } | { bbox: [number, number, number, number] };

export type Cql2Node =
  | { kind: 'and' | 'or'; args: Cql2Node[] }
  | { kind: 'not'; arg: Cql2Node }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'compare'; op: ComparisonOp; left: Scalar; right: Scalar }
  | { kind: 'like'; value: Scalar; pattern: Scalar }
  | { kind: 'between'; value: Scalar; low: Scalar; high: Scalar }
  | { kind: 'in'; value: Scalar; list: Scalar[] }
  | { kind: 'isNull'; value: Scalar }
  | { kind: 'spatial'; op: SpatialOp; left: SpatialArgument; right: SpatialArgument };

/** A filter that cannot be read, with where and why in English (the API wraps it in the user's language). */
export class Cql2Error extends Error {
  override name = 'Cql2Error';
}

/** The properties a filter names, each once: what a caller checks against what may be queried. */
export function propertiesOf(node: Cql2Node): string[] {
  const names = new Set<string>();
  const add = (arg: Scalar | SpatialArgument) => 'property' in arg && names.add(arg.property);
  const walk = (n: Cql2Node): void => {
    switch (n.kind) {
      case 'and': case 'or': n.args.forEach(walk); break;
      case 'not': walk(n.arg); break;
      case 'boolean': break;
      case 'compare': case 'spatial': add(n.left); add(n.right); break;
      case 'like': add(n.value); add(n.pattern); break;
      case 'between': [n.value, n.low, n.high].forEach(add); break;
      case 'in': [n.value, ...n.list].forEach(add); break;
      case 'isNull': add(n.value); break;
    }
  };
  walk(node);
  return [...names];
}

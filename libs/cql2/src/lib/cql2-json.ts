import { COMPARISON_OPS, Cql2Error, SPATIAL_OPS, type ComparisonOp, type Cql2Node, type GeometryLiteral, type Scalar, type SpatialArgument, type SpatialOp } from './cql2-tree';

/** The most operands one IN list or AND / OR may hold, and the deepest nesting: a filter is a question, not a payload. */
export const CQL2_LIMITS = { listItems: 1000, depth: 64 } as const;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function scalar(v: unknown, where: string): Scalar {
  if (typeof v === 'string' || typeof v === 'boolean') return { value: v };
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Cql2Error(`${where}: not a finite number`);
    return { value: v };
  }
  if (isObject(v)) {
    if (typeof v.property === 'string' && v.property) return { property: v.property };
    if (typeof v.date === 'string') {
      if (!ISO_DATE.test(v.date) || Number.isNaN(Date.parse(v.date))) throw new Cql2Error(`${where}: a date is YYYY-MM-DD, not "${v.date}"`);
      return { date: v.date };
    }
    if (typeof v.timestamp === 'string') {
      if (!ISO_TIMESTAMP.test(v.timestamp) || Number.isNaN(Date.parse(v.timestamp))) throw new Cql2Error(`${where}: a timestamp is RFC 3339 (2026-01-31T08:00:00Z), not "${v.timestamp}"`);
      return { timestamp: v.timestamp };
    }
    if ('op' in v) throw new Cql2Error(`${where}: the operator "${String(v.op)}" does not give a value here (functions and arithmetic are not supported)`);
  }
  throw new Cql2Error(`${where}: expected a property, a string, a number, a boolean, a date or a timestamp`);
}

const position = (p: unknown) => Array.isArray(p) && (p.length === 2 || p.length === 3) && p.every((n) => typeof n === 'number' && Number.isFinite(n));
const positions = (list: unknown, min: number) => Array.isArray(list) && list.length >= min && list.every(position);
const ring = (list: unknown) => positions(list, 4) && (list as number[][])[0].every((n, i) => n === (list as number[][])[(list as number[][]).length - 1][i]);
const polygon = (rings: unknown) => Array.isArray(rings) && rings.length >= 1 && rings.every(ring);
const SHAPES: Record<GeometryLiteral['type'], (c: unknown) => boolean> = {
  Point: position,
  LineString: (c) => positions(c, 2),
  Polygon: polygon,
  MultiPoint: (c) => positions(c, 1),
  MultiLineString: (c) => Array.isArray(c) && c.length >= 1 && c.every((l) => positions(l, 2)),
  MultiPolygon: (c) => Array.isArray(c) && c.length >= 1 && c.every(polygon),
};

/** A GeoJSON geometry as a filter may hold one: the six simple types with well-formed coordinates (rings closed, lines of two points or more). */
export function geometryLiteral(v: unknown, where: string): GeometryLiteral {
  if (!isObject(v) || typeof v.type !== 'string' || !(v.type in SHAPES)) {
    throw new Cql2Error(`${where}: a geometry is Point, LineString, Polygon, MultiPoint, MultiLineString or MultiPolygon`);
  }
  const type = v.type as GeometryLiteral['type'];
  if (!SHAPES[type](v.coordinates)) throw new Cql2Error(`${where}: the ${type}'s coordinates are not well formed (rings must close, lines need two points)`);
  return { type, coordinates: v.coordinates };
}

function bboxLiteral(v: unknown, where: string): [number, number, number, number] {
  if (!Array.isArray(v) || !(v.length === 4 || v.length === 6) || !v.every((n) => typeof n === 'number' && Number.isFinite(n))) {
    throw new Cql2Error(`${where}: a bbox is four numbers (or six, with heights)`);
  }
  const [x1, y1, x2, y2] = v.length === 4 ? v : [v[0], v[1], v[3], v[4]];
  if (x1 > x2 || y1 > y2) throw new Cql2Error(`${where}: a bbox is the lower corner, then the upper`);
  return [x1, y1, x2, y2];
}

function spatialArgument(v: unknown, where: string): SpatialArgument {
  if (isObject(v) && typeof v.property === 'string' && v.property) return { property: v.property };
  if (isObject(v) && 'bbox' in v && !('type' in v)) return { bbox: bboxLiteral(v.bbox, where) };
  return { geometry: geometryLiteral(v, where) };
}

function args(v: Record<string, unknown>, where: string, count?: number): unknown[] {
  if (!Array.isArray(v.args)) throw new Cql2Error(`${where}: "${String(v.op)}" needs its "args" as an array`);
  if (count !== undefined && v.args.length !== count) throw new Cql2Error(`${where}: "${String(v.op)}" takes ${count} arguments, not ${v.args.length}`);
  return v.args;
}

function node(v: unknown, where: string, depth: number): Cql2Node {
  if (depth > CQL2_LIMITS.depth) throw new Cql2Error(`${where}: nested deeper than ${CQL2_LIMITS.depth}`);
  if (typeof v === 'boolean') return { kind: 'boolean', value: v };
  if (!isObject(v) || typeof v.op !== 'string') throw new Cql2Error(`${where}: expected an expression {"op": …, "args": […]} or true / false`);
  const op = v.op.toLowerCase();
  const at = (i: number) => `${where}.args[${i}]`;
  if (op === 'and' || op === 'or') {
    const list = args(v, where);
    if (list.length < 2) throw new Cql2Error(`${where}: "${op}" needs two arguments or more`);
    if (list.length > CQL2_LIMITS.listItems) throw new Cql2Error(`${where}: "${op}" holds more than ${CQL2_LIMITS.listItems} arguments`);
    return { kind: op, args: list.map((a, i) => node(a, at(i), depth + 1)) };
  }
  if (op === 'not') return { kind: 'not', arg: node(args(v, where, 1)[0], at(0), depth + 1) };
  if ((COMPARISON_OPS as readonly string[]).includes(op)) {
    const [left, right] = args(v, where, 2);
    return { kind: 'compare', op: op as ComparisonOp, left: scalar(left, at(0)), right: scalar(right, at(1)) };
  }
  if (op === 'like') {
    const [value, pattern] = args(v, where, 2);
    return { kind: 'like', value: scalar(value, at(0)), pattern: scalar(pattern, at(1)) };
  }
  if (op === 'between') {
    const [value, low, high] = args(v, where, 3);
    return { kind: 'between', value: scalar(value, at(0)), low: scalar(low, at(1)), high: scalar(high, at(2)) };
  }
  if (op === 'in') {
    const [value, list] = args(v, where, 2);
    if (!Array.isArray(list) || list.length === 0) throw new Cql2Error(`${at(1)}: "in" needs a non-empty list`);
    if (list.length > CQL2_LIMITS.listItems) throw new Cql2Error(`${at(1)}: an "in" list holds at most ${CQL2_LIMITS.listItems} values`);
    return { kind: 'in', value: scalar(value, at(0)), list: list.map((item, i) => scalar(item, `${at(1)}[${i}]`)) };
  }
  if (op === 'isnull') return { kind: 'isNull', value: scalar(args(v, where, 1)[0], at(0)) };
  if ((SPATIAL_OPS as readonly string[]).includes(op)) {
    const [left, right] = args(v, where, 2);
    return { kind: 'spatial', op: op as SpatialOp, left: spatialArgument(left, at(0)), right: spatialArgument(right, at(1)) };
  }
  throw new Cql2Error(`${where}: the operator "${v.op}" is not supported (supported: and, or, not, ${COMPARISON_OPS.join(', ')}, like, between, in, isNull, ${SPATIAL_OPS.join(', ')})`);
}

/** Reads a CQL2 JSON filter (already parsed from JSON) into the tree; a Cql2Error says where it is wrong. */
export function readCql2Json(value: unknown): Cql2Node {
  return node(value, 'filter', 0);
}

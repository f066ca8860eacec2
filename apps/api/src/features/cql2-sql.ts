import { sql, type SQL } from 'drizzle-orm';
import { Cql2Error, type ComparisonOp, type Cql2Node, type Scalar, type SpatialArgument, type SpatialOp } from '@cuntu/cql2';
import { envelopeIn, geometryFromGeoJsonIn, LAYER_TABLES } from '@cuntu/db';
import { VERDICTS, type LayerId, type ServedCrs } from '@cuntu/domain';
import type { Queryable, QueryableType } from './queryables';

/** Where a filter is translated for: the layer's queryables, the CRS its geometries are written in, the profile its verdicts are read under. */
export interface FilterTarget {
  layer: LayerId;
  queryables: Map<string, Queryable>;
  crs: ServedCrs;
  /** The profile whose verdicts `road.width` means (the active one); null when the filter names no verdict. */
  profileId: number | null;
}

/** An operand as SQL, with the type it compares as; `verdict` when it is a verdict (its values are pass, fail, unknown). */
interface Operand {
  sql: SQL;
  type: QueryableType;
  label: string;
  verdict?: boolean;
  literal?: string | number | boolean;
}

/** The comparison operators as SQL: a fixed list the tree's operator is one of, never the client's text. */
const COMPARISON_SQL: Record<ComparisonOp, SQL> = { '=': sql`=`, '<>': sql`<>`, '<': sql`<`, '>': sql`>`, '<=': sql`<=`, '>=': sql`>=` };
const SPATIAL_SQL: Record<SpatialOp, string> = {
  s_intersects: 'ST_Intersects', s_equals: 'ST_Equals', s_disjoint: 'ST_Disjoint', s_touches: 'ST_Touches',
  s_within: 'ST_Within', s_overlaps: 'ST_Overlaps', s_crosses: 'ST_Crosses', s_contains: 'ST_Contains',
};

function queryable(target: FilterTarget, name: string): Queryable {
  const found = target.queryables.get(name);
  if (!found) throw new Cql2Error(`no queryable "${name}" in this collection (its /queryables lists them)`);
  return found;
}

function operand(target: FilterTarget, scalar: Scalar): Operand {
  if ('property' in scalar) {
    const q = queryable(target, scalar.property);
    if (q.kind === 'geometry') throw new Cql2Error(`"${scalar.property}" is the geometry: compare it with a spatial function (S_INTERSECTS …)`);
    if (q.kind === 'column') return { sql: sql`${q.column}`, type: q.type, label: `"${scalar.property}"` };
    if (target.profileId === null) throw new Error('a verdict filter needs the profile');
    return {
      sql: sql`(SELECT r.verdict FROM check_results r WHERE r.profile_id = ${target.profileId} AND r.subject_type = ${q.subject}
        AND r.subject_id = ${q.subjectColumn}::text AND r.rule_id = ${q.rule})`,
      type: 'string', label: `"${scalar.property}"`, verdict: true,
    };
  }
  if ('date' in scalar) return { sql: sql`${scalar.date}::date`, type: 'timestamp', label: `DATE('${scalar.date}')` };
  if ('timestamp' in scalar) return { sql: sql`${scalar.timestamp}::timestamptz`, type: 'timestamp', label: `TIMESTAMP('${scalar.timestamp}')` };
  const { value } = scalar;
  if (typeof value === 'number') return { sql: sql`${value}::float8`, type: 'number', label: String(value), literal: value };
  if (typeof value === 'boolean') return { sql: sql`${value}::boolean`, type: 'boolean', label: String(value), literal: value };
  return { sql: sql`${value}::text`, type: 'string', label: `'${value}'`, literal: value };
}

const A: Record<QueryableType, string> = { string: 'a string', number: 'a number', boolean: 'true or false', timestamp: 'a DATE(…) or TIMESTAMP(…)' };

/** Operands that can be compared: the same type, and a verdict only with pass, fail or unknown. */
function comparable(first: Operand, ...others: Operand[]) {
  for (const other of others) {
    if (other.type !== first.type) throw new Cql2Error(`${first.label} is compared as ${A[first.type]}, and ${other.label} is not one`);
    for (const [verdict, value] of [[first, other], [other, first]]) {
      if (verdict.verdict && typeof value.literal === 'string' && !(VERDICTS as readonly string[]).includes(value.literal)) {
        throw new Cql2Error(`a verdict such as ${verdict.label} is ${VERDICTS.join(', ')}, not ${value.label}`);
      }
    }
  }
}

function spatialOperand(target: FilterTarget, argument: SpatialArgument): { sql: SQL; property: boolean } {
  if ('property' in argument) {
    if (queryable(target, argument.property).kind !== 'geometry') throw new Cql2Error(`"${argument.property}" is not a geometry: spatial functions take the geometry queryable`);
    return { sql: sql`${LAYER_TABLES[target.layer].geometry}`, property: true };
  }
  if ('bbox' in argument) return { sql: envelopeIn(argument.bbox, target.crs), property: false };
  return { sql: geometryFromGeoJsonIn(argument.geometry, target.crs), property: false };
}

/**
 * A filter as a parameterised SQL condition on the layer's table: names checked against its
 * queryables, operands against each other's types; every value a bound parameter, every operator from
 * a fixed list. A Cql2Error says what does not fit.
 */
export function filterToSql(node: Cql2Node, target: FilterTarget): SQL {
  switch (node.kind) {
    case 'and':
    case 'or':
      return sql`(${sql.join(node.args.map((arg) => filterToSql(arg, target)), node.kind === 'and' ? sql` AND ` : sql` OR `)})`;
    case 'not':
      return sql`(NOT ${filterToSql(node.arg, target)})`;
    case 'boolean':
      return node.value ? sql`TRUE` : sql`FALSE`;
    case 'compare': {
      const [left, right] = [operand(target, node.left), operand(target, node.right)];
      comparable(left, right);
      return sql`(${left.sql} ${COMPARISON_SQL[node.op]} ${right.sql})`;
    }
    case 'like': {
      const [value, pattern] = [operand(target, node.value), operand(target, node.pattern)];
      if (value.type !== 'string' || pattern.type !== 'string') throw new Cql2Error(`LIKE compares strings: ${value.type !== 'string' ? value.label : pattern.label} is not one`);
      return sql`(${value.sql} LIKE ${pattern.sql})`;
    }
    case 'between': {
      const [value, low, high] = [operand(target, node.value), operand(target, node.low), operand(target, node.high)];
      if (value.type !== 'number' && value.type !== 'timestamp') throw new Cql2Error(`BETWEEN takes numbers or dates: ${value.label} is neither`);
      comparable(value, low, high);
      return sql`(${value.sql} BETWEEN ${low.sql} AND ${high.sql})`;
    }
    case 'in': {
      const value = operand(target, node.value);
      const list = node.list.map((item) => operand(target, item));
      comparable(value, ...list);
      return sql`(${value.sql} IN (${sql.join(list.map((item) => item.sql), sql`, `)}))`;
    }
    case 'isNull': {
      if ('property' in node.value && queryable(target, node.value.property).kind === 'geometry') return sql`(${LAYER_TABLES[target.layer].geometry} IS NULL)`;
      return sql`(${operand(target, node.value).sql} IS NULL)`;
    }
    case 'spatial': {
      const [left, right] = [spatialOperand(target, node.left), spatialOperand(target, node.right)];
      if (left.property === right.property) throw new Cql2Error(`${node.op.toUpperCase()} compares the geometry with a geometry or BBOX written in the filter`);
      return sql`${sql.raw(SPATIAL_SQL[node.op])}(${left.sql}, ${right.sql})`;
    }
  }
}

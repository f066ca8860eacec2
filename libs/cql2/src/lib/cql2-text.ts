/* eslint-disable @typescript-eslint/no-unused-vars -- Ohm checks every semantic action's arity: the unused parameters are the grammar's keywords and brackets. */
import * as ohm from 'ohm-js';
import wkx from 'wkx';
import { readCql2Json } from './cql2-json';
import { Cql2Error, SPATIAL_OPS, type Cql2Node } from './cql2-tree';

/**
 * The CQL2 text encoding (OGC 21-065, its BNF cut to the classes in `cql2-tree.ts`), as an Ohm grammar.
 * Keywords are case-insensitive and never the start of a longer name; names may hold `.` and `:`
 * (`"road.width"`, a rule's verdict) or be double-quoted; strings are single-quoted with `''` inside.
 * Geometries are WKT, read by wkx.
 */
/** A keyword: its letters in any case, not followed by more of a name (`in` is not the start of `inside`). */
const kw = (word: string) => `caseInsensitive<"${word}"> ~identPart`;
const oneOf = (words: string[]) => words.map((w) => `(${kw(w)})`).join(' | ');
const GRAMMAR = ohm.grammar(String.raw`
CQL2 {
  Filter = BoolExpr

  BoolExpr = BoolExpr or BoolTerm  -- or
           | BoolTerm
  BoolTerm = BoolTerm and BoolFactor  -- and
           | BoolFactor
  BoolFactor = not BoolPrimary  -- not
             | BoolPrimary
  BoolPrimary = Predicate
              | "(" BoolExpr ")"  -- paren
              | booleanLiteral  -- literal

  Predicate = Scalar not? like Scalar  -- like
            | Scalar not? between Scalar and Scalar  -- between
            | Scalar not? in "(" NonemptyListOf<Scalar, ","> ")"  -- in
            | Scalar is not? null  -- isNull
            | Scalar comparisonOp Scalar  -- compare
            | spatialFunction "(" SpatialArg "," SpatialArg ")"  -- spatial

  Scalar = Temporal | number | string | booleanLiteral | property
  Temporal = date "(" string ")"  -- date
           | timestamp "(" string ")"  -- timestamp
  SpatialArg = bbox "(" NonemptyListOf<number, ","> ")"  -- bbox
             | wkt
             | property

  comparisonOp = "<>" | "<=" | ">=" | "=" | "<" | ">"

  property = quotedIdentifier | ~reserved identifier
  identifier = identStart identPart*
  identStart = letter | "_"
  identPart = alnum | "_" | "." | ":"
  quotedIdentifier = "\"" (~"\"" any)+ "\""
  string = "'" stringChar* "'"
  stringChar = "''"  -- quote
             | ~"'" any  -- plain
  number = "-"? digit* "." digit+ exponent?  -- fraction
         | "-"? digit+ exponent?  -- whole
  exponent = caseInsensitive<"E"> ("+" | "-")? digit+

  wkt = wktType wktDimension? space* wktBody
  wktType = ${oneOf(['MULTIPOLYGON', 'MULTILINESTRING', 'MULTIPOINT', 'POLYGON', 'LINESTRING', 'POINT'])}
  wktDimension = space+ caseInsensitive<"Z"> ~identPart
  wktBody = "(" (wktBody | ~("(" | ")") any)* ")"

${['and', 'or', 'not', 'like', 'between', 'in', 'is', 'null', 'bbox', 'date', 'timestamp'].map((word) => `  ${word} = ${kw(word.toUpperCase())}`).join('\n')}
  booleanLiteral = ${oneOf(['TRUE', 'FALSE'])}
  spatialFunction = ${oneOf(SPATIAL_OPS.map((op) => op.toUpperCase()))}
  reserved = and | or | not | like | between | in | is | null | booleanLiteral | bbox | date | timestamp | spatialFunction | wktType
}`);

type Json = unknown;
const negated = (notOpt: ohm.Node, expression: Json) => (notOpt.numChildren > 0 ? { op: 'not', args: [expression] } : expression);
/** `a AND b AND c` as one `and` of three, as CQL2 JSON writes it. */
const joined = (op: 'and' | 'or', left: Json, right: Json) => ({
  op, args: [...(typeof left === 'object' && left !== null && (left as { op?: string }).op === op ? (left as { args: Json[] }).args : [left]), right],
});

const semantics = GRAMMAR.createSemantics().addOperation<Json>('json', {
  BoolExpr_or: (left, _or, right) => joined('or', left.json(), right.json()),
  BoolTerm_and: (left, _and, right) => joined('and', left.json(), right.json()),
  BoolFactor_not: (_not, primary) => ({ op: 'not', args: [primary.json()] }),
  BoolPrimary_paren: (_open, expression, _close) => expression.json(),
  BoolPrimary_literal: (literal) => literal.json(),
  Predicate_like: (value, notOpt, _like, pattern) => negated(notOpt, { op: 'like', args: [value.json(), pattern.json()] }),
  Predicate_between: (value, notOpt, _between, low, _and, high) => negated(notOpt, { op: 'between', args: [value.json(), low.json(), high.json()] }),
  Predicate_in: (value, notOpt, _in, _open, list, _close) => negated(notOpt, { op: 'in', args: [value.json(), list.asIteration().children.map((c) => c.json())] }),
  Predicate_isNull: (value, _is, notOpt, _null) => negated(notOpt, { op: 'isNull', args: [value.json()] }),
  Predicate_compare: (left, op, right) => ({ op: op.sourceString, args: [left.json(), right.json()] }),
  Predicate_spatial: (fn, _open, left, _comma, right, _close) => ({ op: fn.sourceString.toLowerCase(), args: [left.json(), right.json()] }),
  Temporal_date: (_date, _open, text, _close) => ({ date: text.json() }),
  Temporal_timestamp: (_timestamp, _open, text, _close) => ({ timestamp: text.json() }),
  SpatialArg_bbox: (_bbox, _open, list, _close) => ({ bbox: list.asIteration().children.map((c) => c.json()) }),
  wkt(this: ohm.Node, _type, _dimension, _spaces, _body) {
    try {
      return wkx.Geometry.parse(this.sourceString).toGeoJSON();
    } catch (e) {
      throw new Cql2Error(`the geometry "${this.sourceString.slice(0, 60)}" is not well-known text: ${(e as Error).message}`);
    }
  },
  property: (name) => ({ property: name.json() }),
  identifier(this: ohm.Node, _start, _rest) {
    return this.sourceString;
  },
  quotedIdentifier: (_open, name, _close) => name.sourceString,
  string: (_open, chars, _close) => chars.children.map((c) => c.json()).join(''),
  stringChar_quote: (_quotes) => "'",
  stringChar_plain(this: ohm.Node, _char) {
    return this.sourceString;
  },
  number(this: ohm.Node, _n) {
    return Number(this.sourceString);
  },
  booleanLiteral(this: ohm.Node, _word) {
    return this.sourceString.toLowerCase() === 'true';
  },
});

/** Reads a CQL2 text filter (`"road.width" = 'fail' AND S_INTERSECTS(geom, BBOX(…))`) as CQL2 JSON; a Cql2Error says where it is wrong. */
export function cql2TextToJson(text: string): unknown {
  const match = GRAMMAR.match(text);
  if (match.failed()) throw new Cql2Error(match.shortMessage ?? 'not CQL2 text');
  return semantics(match).json();
}

/** Reads a CQL2 text filter into the tree. */
export function readCql2Text(text: string): Cql2Node {
  return readCql2Json(cql2TextToJson(text));
}

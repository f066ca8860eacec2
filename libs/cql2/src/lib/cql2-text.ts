/* eslint-disable @typescript-eslint/no-unused-vars -- Ohm checks every semantic action's arity: the unused parameters are the grammar's keywords and brackets. */
import * as ohm from 'ohm-js';
import wkx from 'wkx';
import { CQL2_LIMITS, readCql2Json } from './cql2-json';
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

  BoolExpr = NonemptyListOf<BoolTerm, or>
  BoolTerm = NonemptyListOf<BoolFactor, and>
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
/** `a AND b AND c` as one `and` of three, as CQL2 JSON writes it (a chain is read as a list, not by recursion). */
const joined = (op: 'and' | 'or', list: ohm.Node) => {
  const args = list.asIteration().children.map((c) => c.json());
  return args.length === 1 ? args[0] : { op, args };
};

const semantics = GRAMMAR.createSemantics().addOperation<Json>('json', {
  BoolExpr: (list) => joined('or', list),
  BoolTerm: (list) => joined('and', list),
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

/** How deep the brackets of a text nest, outside its strings and quoted names. */
function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let quote: string | null = null;
  for (const ch of text) {
    if (quote) {
      if (ch === quote) quote = null;
    } else if (ch === "'" || ch === '"') quote = ch;
    else if (ch === '(') deepest = Math.max(deepest, ++depth);
    else if (ch === ')') depth--;
  }
  return deepest;
}

/** Reads a CQL2 text filter (`"road.width" = 'fail' AND S_INTERSECTS(geom, BBOX(…))`) as CQL2 JSON; a Cql2Error says where it is wrong. */
export function cql2TextToJson(text: string): unknown {
  // The parser descends once per bracket: a filter nested deeper than any question needs is refused before it.
  if (bracketDepth(text) > CQL2_LIMITS.depth) throw new Cql2Error(`brackets nested deeper than ${CQL2_LIMITS.depth}`);
  try {
    const match = GRAMMAR.match(text);
    if (match.failed()) throw new Cql2Error(match.shortMessage ?? 'not CQL2 text');
    return semantics(match).json();
  } catch (e) {
    if (e instanceof RangeError) throw new Cql2Error('too long or too deeply nested to read');
    throw e;
  }
}

/** Reads a CQL2 text filter into the tree. */
export function readCql2Text(text: string): Cql2Node {
  return readCql2Json(cql2TextToJson(text));
}

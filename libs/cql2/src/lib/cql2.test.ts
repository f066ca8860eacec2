import { describe, expect, it } from 'vitest';
import { Cql2Error, cql2TextToJson, propertiesOf, readCql2Json, readCql2Text } from '../index';

/** Pairs of the two encodings, most from the examples of OGC 21-065 (CQL2), cut to the classes we declare. */
const SAME: Array<[string, unknown]> = [
  [`city='Toronto'`, { op: '=', args: [{ property: 'city' }, 'Toronto'] }],
  [`windSpeed < 4`, { op: '<', args: [{ property: 'windSpeed' }, 4] }],
  [`balance > 0`, { op: '>', args: [{ property: 'balance' }, 0] }],
  [`"road.width" = 'fail'`, { op: '=', args: [{ property: 'road.width' }, 'fail'] }],
  [`road.width <> 'pass'`, { op: '<>', args: [{ property: 'road.width' }, 'pass'] }],
  [`name LIKE 'Smith%'`, { op: 'like', args: [{ property: 'name' }, 'Smith%'] }],
  [`name NOT LIKE '%村'`, { op: 'not', args: [{ op: 'like', args: [{ property: 'name' }, '%村'] }] }],
  [`depth BETWEEN 100.0 and 150.0`, { op: 'between', args: [{ property: 'depth' }, 100, 150] }],
  [`cityName IN ('Toronto','Frankfurt','Tokyo','New York')`, { op: 'in', args: [{ property: 'cityName' }, ['Toronto', 'Frankfurt', 'Tokyo', 'New York']] }],
  [`category NOT IN (1,2,3)`, { op: 'not', args: [{ op: 'in', args: [{ property: 'category' }, [1, 2, 3]] }] }],
  [`geometry IS NOT NULL`, { op: 'not', args: [{ op: 'isNull', args: [{ property: 'geometry' }] }] }],
  [`updated >= DATE('1970-01-01')`, { op: '>=', args: [{ property: 'updated' }, { date: '1970-01-01' }] }],
  [`built > TIMESTAMP('2012-08-10T05:30:00Z')`, { op: '>', args: [{ property: 'built' }, { timestamp: '2012-08-10T05:30:00Z' }] }],
  [`S_INTERSECTS(geometry,POINT(36.319836 32.288087))`, { op: 's_intersects', args: [{ property: 'geometry' }, { type: 'Point', coordinates: [36.319836, 32.288087] }] }],
  [`S_INTERSECTS(geometry, BBOX(-128.098193, -1.1, -97.1, 180.0))`, { op: 's_intersects', args: [{ property: 'geometry' }, { bbox: [-128.098193, -1.1, -97.1, 180] }] }],
  [`S_WITHIN(location, POLYGON((-65.887123 2.00001, 0.333333 -53.017711, 180.0 0.0, -65.887123 2.00001)))`, {
    op: 's_within', args: [{ property: 'location' }, { type: 'Polygon', coordinates: [[[-65.887123, 2.00001], [0.333333, -53.017711], [180, 0], [-65.887123, 2.00001]]] }],
  }],
  [`floors>5 AND material='brick' OR swimming_pool=true`, {
    op: 'or', args: [{ op: 'and', args: [{ op: '>', args: [{ property: 'floors' }, 5] }, { op: '=', args: [{ property: 'material' }, 'brick'] }] }, { op: '=', args: [{ property: 'swimming_pool' }, true] }],
  }],
  [`NOT (floors<5) AND (a=1 or b=2 or c=3)`, {
    op: 'and', args: [{ op: 'not', args: [{ op: '<', args: [{ property: 'floors' }, 5] }] }, { op: 'or', args: [1, 2, 3].map((n, i) => ({ op: '=', args: [{ property: 'abc'[i] }, n] })) }],
  }],
  [`owner = 'O''Brien'`, { op: '=', args: [{ property: 'owner' }, "O'Brien"] }],
  [`height < -1.5e2`, { op: '<', args: [{ property: 'height' }, -150] }],
  [`inside = true and android = false`, { op: 'and', args: [{ op: '=', args: [{ property: 'inside' }, true] }, { op: '=', args: [{ property: 'android' }, false] }] }],
  [`widthM < roadClassMin`, { op: '<', args: [{ property: 'widthM' }, { property: 'roadClassMin' }] }],
];

describe('CQL2 text and CQL2 JSON', () => {
  it.each(SAME)('reads %s as its JSON encoding, and both into the same tree', (text, json) => {
    expect(cql2TextToJson(text)).toEqual(json);
    expect(readCql2Text(text)).toEqual(readCql2Json(json));
  });

  it('takes keywords in any case and never as the start of a name', () => {
    expect(readCql2Text(`a = 1 aNd NoT b IS null`)).toEqual(readCql2Text(`a = 1 AND NOT b IS NULL`));
    expect(propertiesOf(readCql2Text(`isbn = 'x' AND notes LIKE 'y' AND inbound BETWEEN 1 AND 2`))).toEqual(['isbn', 'notes', 'inbound']);
  });

  it('says where a text filter is wrong', () => {
    for (const [text, where] of [[`width = `, 'col 9'], [`width == 3`, 'col 8'], [`name LIKE`, 'col 10'], [`(a = 1`, 'col 7'], [`a = 'open`, 'col 10']]) {
      expect(() => readCql2Text(text), text).toThrow(Cql2Error);
      expect(() => readCql2Text(text), text).toThrow(where);
    }
    expect(() => readCql2Text(`S_INTERSECTS(geom, POLYGON((1 2, 3 4)))`)).toThrow(/rings must close/);
    expect(() => readCql2Text(`S_INTERSECTS(geom, POINT(1))`)).toThrow(Cql2Error);
    expect(() => readCql2Text(`S_INTERSECTS(geom, BBOX(3, 4, 1, 2))`)).toThrow(/lower corner/);
    expect(() => readCql2Text(`d > DATE('2026-13-45')`)).toThrow(/YYYY-MM-DD/);
  });

  it('reads a long chain without running out of stack, and refuses brackets nested past the limit as a Cql2Error', () => {
    const chain = Array.from({ length: 900 }, (_, i) => `a = ${i}`).join(' OR ');
    const read = readCql2Text(chain);
    expect(read.kind === 'or' && read.args).toHaveLength(900);
    expect(() => readCql2Text(Array.from({ length: 1900 }, () => 'a = 1').join(' AND '))).toThrow(/at most 1000|more than 1000/);
    expect(readCql2Text(`${'('.repeat(30)}a = 1${')'.repeat(30)}`)).toEqual(readCql2Text('a = 1'));
    for (const depth of [65, 500, 9000]) expect(() => readCql2Text(`${'('.repeat(depth)}a = 1${')'.repeat(depth)}`), String(depth)).toThrow(Cql2Error);
    // Brackets inside a string are text, not nesting.
    expect(readCql2Text(`name = '${'('.repeat(200)}'`)).toEqual({ kind: 'compare', op: '=', left: { property: 'name' }, right: { value: '('.repeat(200) } });
  });

  it('refuses JSON that is not a supported expression, naming the place', () => {
    expect(() => readCql2Json({ op: 'and', args: [true] })).toThrow(/filter: "and" needs two/);
    expect(() => readCql2Json({ op: '=', args: [{ property: 'a' }] })).toThrow(/takes 2 arguments, not 1/);
    expect(() => readCql2Json({ op: 't_before', args: [] })).toThrow(/"t_before" is not supported/);
    expect(() => readCql2Json({ op: 'in', args: [{ property: 'a' }, []] })).toThrow(/filter.args\[1\]: "in" needs a non-empty list/);
    expect(() => readCql2Json({ op: '=', args: [{ property: 'a' }, { op: '+', args: [1, 2] }] })).toThrow(/filter.args\[1\]: the operator "\+"/);
    expect(() => readCql2Json({ op: '=', args: [{ property: 'a' }, Number.NaN] })).toThrow(/finite/);
    expect(() => readCql2Json('a = 1')).toThrow(/expected an expression/);
    let deep: unknown = true;
    for (let i = 0; i < 100; i++) deep = { op: 'not', args: [deep] };
    expect(() => readCql2Json(deep)).toThrow(/nested deeper/);
    expect(() => readCql2Json({ op: 'in', args: [{ property: 'a' }, Array.from({ length: 1001 }, (_, i) => i)] })).toThrow(/at most 1000/);
  });
});

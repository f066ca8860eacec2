import type { Context } from 'hono';
import { CRS84, isLayerId, SERVED_CRS, servedCrs, type LayerId } from '@cuntu/domain';
import { ApiError } from '../errors';
import { LAYER_TABLES, propertyColumns } from '@cuntu/db';
import type { ListQuery } from './features.repo';
import { parseFeatureId } from './feature-id';
import { readJson } from '../validation';
import { Cql2Error, readCql2Json, readCql2Text } from '@cuntu/cql2';
import { ACCESS_TOKEN_PARAM } from '../auth/session';


/** Query parameters that are not property filters. */
const RESERVED = new Set(['bbox', 'limit', 'offset', 'sort', 'f', 'crs', 'bbox-crs', 'filter', 'filter-lang', 'filter-crs', ACCESS_TOKEN_PARAM]);
/** The longest filter read: a question, not a payload. */
export const MAX_FILTER_CHARS = 20_000;
export const MAX_LIMIT = 10_000;
export const DEFAULT_LIMIT = 100;

export function layerParam(c: Context): LayerId {
  const layer = c.req.param('layer') ?? c.req.param('collectionId') ?? '';
  if (!isLayerId(layer)) throw new ApiError(404, 'unknown_layer', { key: 'error.unknownLayer', params: { layer } });
  return layer;
}

export function featureIdParam(c: Context, layer: LayerId): string | number {
  const raw = c.req.param('id') ?? c.req.param('featureId') ?? '';
  const id = parseFeatureId(layer, raw);
  if (id === null) throw new ApiError(404, 'feature_not_found', { key: 'error.featureNotFound', params: { id: raw, layer: { key: `layer.${layer}` } } });
  return id;
}

/** The CRS a parameter or header names: CRS84 when it is absent, a problem for `field` when it names one we do not serve. */
function crsParam(value: string | undefined, field: string, problems: Array<{ field: string; problem: string }>) {
  if (value === undefined) return CRS84;
  const crs = servedCrs(value);
  if (!crs) problems.push({ field, problem: `not a CRS served here (${SERVED_CRS.length}: see the collection's "crs")` });
  return crs ?? CRS84;
}

/** One CRS a request names on its own, CRS84 when absent; a 400 for `field` when it is not served. */
function servedCrsOf(value: string | undefined, field: string) {
  const problems: Array<{ field: string; problem: string }> = [];
  const crs = crsParam(value, field, problems);
  if (problems.length) throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, problems);
  return crs;
}

/** The CRS of a write's body (`Content-Crs`, OGC API – Features Part 2), or null when it is CRS84 or absent. */
export function contentCrs(c: Context) {
  const crs = servedCrsOf(c.req.header('content-crs'), 'Content-Crs');
  return crs === CRS84 ? null : crs;
}

/** The CRS to answer a read in (`crs`), CRS84 by default. */
export const answerCrs = (query: Record<string, string>) => servedCrsOf(query.crs, 'crs');

/**
 * bbox (in `bbox-crs`, by default CRS84), the answer's `crs`, a CQL2 `filter` (text or JSON, by
 * `filter-lang`; its geometries in `filter-crs`), limit, offset, sort (`prop` or `-prop`) and
 * `property=value` filters, checked against the layer (the filter's names are checked when it is
 * translated, against what the user may query).
 */
export function parseListQuery(layer: LayerId, query: Record<string, string>): ListQuery {
  const columns = propertyColumns(layer);
  const problems: Array<{ field: string; problem: string }> = [];
  const intParam = (name: string, fallback: number, max: number) => {
    if (query[name] === undefined) return fallback;
    const n = Number(query[name]);
    if (!Number.isInteger(n) || n < (name === 'limit' ? 1 : 0) || n > max) problems.push({ field: name, problem: `an integer from ${name === 'limit' ? 1 : 0} to ${max}` });
    return n;
  };
  const limit = intParam('limit', DEFAULT_LIMIT, MAX_LIMIT);
  const offset = intParam('offset', 0, 10_000_000);
  // Another CRS is served when asked for, or refused: never ignored.
  const crs = crsParam(query.crs, 'crs', problems);
  const bboxCrs = crsParam(query['bbox-crs'], 'bbox-crs', problems);
  let bbox: ListQuery['bbox'];
  if (query.bbox !== undefined) {
    const parts = query.bbox.split(',').map(Number);
    if (parts.length !== 4 || parts.some((n) => !Number.isFinite(n)) || parts[0] > parts[2] || parts[1] > parts[3]) {
      problems.push({ field: 'bbox', problem: bboxCrs.northFirst ? 'four numbers, lower corner then upper, in the axis order of bbox-crs (northing first)' : 'minLon,minLat,maxLon,maxLat (or minX,minY,maxX,maxY in bbox-crs)' });
    } else bbox = parts as [number, number, number, number];
  }
  let filter: ListQuery['filter'];
  if (query.filter !== undefined) {
    // `cql-text`: what clients written against the Part 3 drafts (GDAL 3.6) send for the same text.
    const lang = query['filter-lang'] === 'cql-text' ? 'cql2-text' : query['filter-lang'] ?? 'cql2-text';
    const crs = crsParam(query['filter-crs'], 'filter-crs', problems);
    if (lang !== 'cql2-text' && lang !== 'cql2-json') problems.push({ field: 'filter-lang', problem: 'cql2-text or cql2-json' });
    else if (query.filter.length > MAX_FILTER_CHARS) problems.push({ field: 'filter', problem: `at most ${MAX_FILTER_CHARS} characters` });
    else {
      try {
        filter = { node: lang === 'cql2-text' ? readCql2Text(query.filter) : readCql2Json(JSON.parse(query.filter)), crs };
      } catch (e) {
        if (!(e instanceof Cql2Error || e instanceof SyntaxError)) throw e;
        problems.push({ field: 'filter', problem: e.message });
      }
    }
  }
  let sort: ListQuery['sort'];
  if (query.sort !== undefined) {
    const property = query.sort.replace(/^[-+]/, '');
    if (!columns[property]) problems.push({ field: 'sort', problem: `no property "${property}"` });
    else sort = { property, descending: query.sort.startsWith('-') };
  }
  const filters: ListQuery['filters'] = [];
  for (const [name, raw] of Object.entries(query)) {
    if (RESERVED.has(name)) continue;
    const column = columns[name];
    if (!column || name === LAYER_TABLES[layer].geometryProperty) {
      problems.push({ field: name, problem: 'not a property of this layer' });
      continue;
    }
    if (raw === 'null') filters.push({ property: name, value: null });
    else if (column.dataType === 'number') {
      const n = Number(raw);
      if (!Number.isFinite(n)) problems.push({ field: name, problem: 'a number' });
      else filters.push({ property: name, value: n });
    } else if (column.dataType === 'boolean') {
      if (raw !== 'true' && raw !== 'false') problems.push({ field: name, problem: 'true or false' });
      else filters.push({ property: name, value: raw === 'true' });
    } else if (column.dataType === 'array') problems.push({ field: name, problem: 'list properties cannot be filtered' });
    else filters.push({ property: name, value: raw });
  }
  if (problems.length) throw new ApiError(400, 'invalid_query', { key: 'error.invalidQuery' }, problems);
  return { bbox, bboxCrs: bboxCrs === CRS84 ? undefined : bboxCrs, crs: crs === CRS84 ? undefined : crs, filter, filters, sort, limit, offset };
}

/** The version an `If-Match` header names (null for `*`: any): 428 when it is missing, 400 when it is not one of our ETags. */
export function expectedVersion(c: Context): number | null {
  const header = c.req.header('if-match');
  if (!header) throw new ApiError(428, 'precondition_required', { key: 'error.ifMatchRequired' });
  // `*`: whatever version is current (RFC 9110), as desktop clients send to overwrite.
  if (header.trim() === '*') return null;
  const match = /^(?:W\/)?"v(\d+)"$/.exec(header.trim());
  if (!match) throw new ApiError(400, 'invalid_if_match', { key: 'error.invalidIfMatch', params: { header } });
  return Number(match[1]);
}

/** The body of a write: a GeoJSON Feature (or just `{ geometry, properties }`). */
export async function featureBody(c: Context): Promise<{ geometry?: unknown; properties?: unknown }> {
  const body = await readJson(c);
  if (!body || typeof body !== 'object' || Array.isArray(body)) throw new ApiError(400, 'invalid_body', { key: 'error.sendFeature' });
  const { geometry, properties } = body as { geometry?: unknown; properties?: unknown };
  if (properties !== undefined && (typeof properties !== 'object' || properties === null || Array.isArray(properties))) {
    throw new ApiError(400, 'invalid_body', { key: 'error.propertiesObject' });
  }
  return { geometry, properties };
}

import { sql } from 'drizzle-orm';
import { codeInRegionSql, onChange, type Database } from '@cuntu/db';
import { createRegionsRepo } from '../repos/regions.repo';
import { ACCOUNT_REGION_LEVELS, isRegionCode, regionCodeOf, regionCovers, regionLevelOf, regionsOverlap, LAYERS, type LayerId, type Principal } from '@cuntu/domain';
import { ApiError } from '../errors';

/**
 * The region a request reads and writes in: the account's, or the whole deployment (null) for accounts
 * without one and for anonymous reads of a deployment opened to the public.
 */
export const regionOf = (user: Principal | null): string | null => user?.region ?? null;

/** A region's name as the deployment knows it (a county's, a town's, a prefecture's), else its code. */
export async function regionName(database: Database, code: string): Promise<string> {
  return (await createRegionsRepo(database).namesOf([code])).get(code) ?? code;
}

/** The 403 for a place outside the user's region, naming the region (a province by the catalogue, in the reader's language). */
export async function outsideRegion(database: Database, region: string): Promise<ApiError> {
  const name = regionLevelOf(region) === 'province' ? { key: `regionName.province.${region.slice(0, 2)}` } : await regionName(database, region);
  return new ApiError(403, 'outside_region', { key: 'error.outsideRegion', params: { region: name } });
}

/** Refuses (403) when the place `code` names lies outside the user's region. */
export async function assertInRegion(database: Database, user: Principal | null, code: string | null | undefined): Promise<void> {
  const region = regionOf(user);
  if (region !== null && !regionCovers(region, code)) throw await outsideRegion(database, region);
}

/** Refuses (403) an area a request names (a county, a town, a village: absent ones are skipped) that lies outside the user's region. */
export async function assertAreaInRegion(database: Database, user: Principal | null, ...codes: Array<string | null | undefined>): Promise<void> {
  const region = regionOf(user);
  if (region === null) return;
  if (codes.some((code) => typeof code === 'string' && !regionsOverlap(region, code))) throw await outsideRegion(database, region);
}

/** The deployment's counties the user's region lies in or covers, or undefined for the whole deployment. */
export async function countiesOf(database: Database, user: Principal | null): Promise<string[] | undefined> {
  const region = regionOf(user);
  return region === null ? undefined : createRegionsRepo(database).countyCodes(region);
}

/** Refuses (403) a feature its layer places outside the user's region. */
export const assertFeatureInRegion = (database: Database, user: Principal | null, layer: LayerId, properties: Record<string, unknown>) =>
  assertInRegion(database, user, regionCodeOf(LAYERS[layer].regionProperties, properties));

/**
 * `assertFeatureInRegion` for use inside a transaction, where no other query may run: the region's name
 * is read when the guard is made, and the check itself reads nothing.
 */
export async function regionGuard(database: Database, user: Principal | null): Promise<(layer: LayerId, properties: Record<string, unknown>) => void> {
  const region = regionOf(user);
  if (region === null) return () => undefined;
  const refusal = await outsideRegion(database, region);
  return (layer, properties) => {
    if (!regionCovers(region, regionCodeOf(LAYERS[layer].regionProperties, properties))) throw refusal;
  };
}

/**
 * Whether a code names a region an account can be limited to: an existing town or county, or a
 * prefecture or province holding at least one of the deployment's counties. A 422 naming `region` otherwise.
 */
export async function assertAccountRegion(database: Database, code: string): Promise<void> {
  const refuse = (key: string) => new ApiError(422, 'invalid_region', { key, params: { code } }, [{ field: 'region', problem: key === 'error.regionUnknown' ? `unknown region ${code}` : 'not a province, prefecture, county or town' }]);
  if (!isRegionCode(code)) throw refuse('error.regionUnknown');
  const level = regionLevelOf(code);
  if (!(ACCOUNT_REGION_LEVELS as readonly string[]).includes(level)) throw refuse('error.regionNotAccountLevel');
  const [{ found }] = await database.rows<{ found: boolean }>(level === 'town'
    ? sql`SELECT EXISTS (SELECT 1 FROM towns WHERE code = ${code}) AS found`
    : sql`SELECT EXISTS (SELECT 1 FROM counties WHERE ${codeInRegionSql(sql`code`, code)}) AS found`);
  if (!found) throw refuse('error.regionUnknown');
}

/** A region's bounding box [west, south, east, north] in WGS-84, or null when none of it has a boundary. */
export type RegionBox = [number, number, number, number];

const EXTENT_TTL_MS = 60_000;
const extents = new WeakMap<Database, Map<string, { at: number; box: Promise<RegionBox | null> }>>();

/**
 * The bounding box of a region's boundaries (its towns' where a town has one, else its counties'; null:
 * every county), remembered until a county or town is written (by any process) or for a minute: what
 * tiles outside a user's region are refused by, and the bounds TileJSON gives.
 */
export function regionBox(database: Database, region: string | null): Promise<RegionBox | null> {
  let known = extents.get(database);
  if (!known) {
    const boxes = (known = new Map());
    extents.set(database, boxes);
    onChange(database, 'regions', () => boxes.clear());
  }
  const key = region ?? '';
  const hit = known.get(key);
  if (hit && Date.now() - hit.at < EXTENT_TTL_MS) return hit.box;
  const table = region !== null && regionLevelOf(region) === 'town' ? sql`towns` : sql`counties`;
  const box = database.rows<{ w: number | null; s: number; e: number; n: number }>(sql`
    SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n
    FROM (SELECT ST_Extent(boundary) AS b FROM ${table} WHERE ${region === null ? sql`true` : codeInRegionSql(sql`code`, region)}) x`)
    .then(([row]): RegionBox | null => (row?.w == null ? null : [row.w, row.s, row.e, row.n]));
  known.set(key, { at: Date.now(), box });
  return box;
}

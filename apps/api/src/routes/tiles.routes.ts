import type { Context } from 'hono';
import { tilesApi } from '@cuntu/api-contract';
import { canSeePersonalData, LAYERS, type LayerId } from '@cuntu/domain';
import { createTilesRepo, isStoredTile, isValidTile, MAX_ZOOM, tileAttributes, tileAudience, tileLonLatBounds, verdictRules, type StoredTileKey, type TilesRepo } from '@cuntu/tiles';
import { outsideRegion, regionBox, regionOf } from '../auth/region';
import type { AppEnv } from '../env';
import { ApiError } from '../errors';
import { layerParam } from '../features/request-parsing';
import { resolveProfile } from './profile-param';
import { contractRouter } from './contract-routes';
import { carryToken } from '../auth/carry-token';

const MVT = 'application/vnd.mapbox-vector-tile';

/** The MVT type of a column as TileJSON's `vector_layers` describes it. */
const fieldType = (columnType: string) => (/Real|Double|Integer|Serial|Numeric/.test(columnType) ? 'Number' : columnType === 'PgBoolean' ? 'Boolean' : 'String');

/**
 * One vector tile of a layer, with each feature's verdicts under the active (or a named) profile, for
 * the tile URLs of the web map and OGC API – Tiles alike: a 304 to the client's stamp, else from the
 * byte-bounded cache under the layer's revision stamp, else made (a revalidation costs only the stamp's query).
 */
export async function serveTile(c: Context<AppEnv>, layer: LayerId, address: { z: number; x: number; y: number }, askedProfile: number | undefined) {
  const personalData = canSeePersonalData(c.get('user'));
  const database = c.get('database');
  const region = regionOf(c.get('user'));
  if (region !== null) {
    // A tile wholly outside the user's region is refused; one across its edge holds only the region's features.
    const box = await regionBox(database, region);
    const [w, s, e, n] = tileLonLatBounds(address);
    if (box && (e < box[0] || w > box[2] || n < box[1] || s > box[3])) throw await outsideRegion(database, region);
  }
  const tiles = createTilesRepo(database);
  // Who the tile is made for: with or without personal data, and the region it is limited to.
  const audience = tileAudience(personalData, region);
  if (isStoredTile(address.z)) return serveStoredTile(c, tiles, { layer, ...address, personalData, region }, audience, askedProfile);
  const cache = c.get('tileCache');
  const cacheKey = (stamp: string) => `${stamp}-${audience}/${address.z}/${address.x}/${address.y}`;
  // Stamps for which the tile need not be made: the client's (a 304) and the one last cached here.
  const theirs = clientStamp(c, audience);
  const skip = theirs ? [theirs] : [];
  const scope = `${layer}/${askedProfile ?? 'active'}`;
  const last = cache.lastStamp(scope);
  if (last && cache.get(cacheKey(last))) skip.push(last);

  // The stamp, and the tile unless the client or the cache has it under that stamp.
  const found = await tiles.stampedTile({ layer, ...address, personalData, region }, askedProfile, skip);
  if (!found) throw new ApiError(404, 'profile_not_found', `No standards profile ${askedProfile ?? '(active)'}`);
  cache.rememberStamp(scope, found.stamp);
  tagTile(c, found.stamp, audience);
  if (found.stamp === theirs) return c.body(null, 304);
  const key = cacheKey(found.stamp);
  const cached = found.tile ? undefined : cache.get(key);
  // Skipped as the cache's own stamp, yet gone from it since (evicted by another request): made now.
  const bytes = found.tile ?? cached ?? (await tiles.tile({ layer, ...address, profileId: found.profileId, personalData, region }));
  if (bytes !== cached) cache.set(key, bytes);
  c.header('Content-Type', MVT);
  return c.body(bytes as Uint8Array<ArrayBuffer>, 200);
}

/** A tile's ETag (its stamp and audience) and caching headers: kept privately, revalidated each time. */
function tagTile(c: Context<AppEnv>, stamp: string, audience: string) {
  c.header('ETag', `W/"${stamp}-${audience}"`);
  c.header('Cache-Control', 'private, no-cache');
  c.header('Vary', 'Authorization, Cookie');
}

/** The client's stamp for a tile of this audience, from its If-None-Match, or null. */
function clientStamp(c: Context<AppEnv>, audience: string): string | null {
  const theirs = /^W\/"(.+)-((?:pd|np)(?:r\d+)?)"$/.exec(c.req.header('if-none-match') ?? '');
  return theirs && theirs[2] === audience ? theirs[1] : null;
}

/** A low-zoom tile, as every process shares it (`storedTile`): a 304 to the client's stamp, else the stored tile, else made and stored. */
async function serveStoredTile(c: Context<AppEnv>, tiles: TilesRepo, key: StoredTileKey, audience: string, askedProfile: number | undefined) {
  const theirs = clientStamp(c, audience);
  const found = await tiles.storedTile(key, askedProfile, theirs ? [theirs] : []);
  if (!found) throw new ApiError(404, 'profile_not_found', `No standards profile ${askedProfile ?? '(active)'}`);
  tagTile(c, found.stamp, audience);
  if (found.stamp === theirs) return c.body(null, 304);
  c.header('Content-Type', MVT);
  return c.body(found.tile as Uint8Array<ArrayBuffer>, 200);
}

/**
 * Vector tiles of every layer, with each feature's verdicts under the active (or a named) profile, and a
 * TileJSON per layer. Tiles follow the API's roles: household personal data only for those who may see it.
 * ETags come from the layer's and the verdicts' revision counters; encoded tiles are kept in a byte-bounded
 * LRU cache under the same stamp, so an edit is never served stale. The stamp is read first; the tile is
 * made only when neither the client nor the cache has it under that stamp.
 */
export const tilesRoutes = contractRouter()
  .openapi(tilesApi.routes.tilejson, async (c) => {
    const layer = layerParam(c);
    const profile = await resolveProfile(c, c.req.valid('query').profile);
    // The user's region where they have one (tiles outside it are refused), else every county.
    const bounds = (await regionBox(c.get('database'), regionOf(c.get('user')))) ?? [-180, -85.0511, 180, 85.0511];
    const origin = new URL(c.req.url).origin;
    const fields: Record<string, string> = {};
    for (const { name, column } of tileAttributes(layer, canSeePersonalData(c.get('user')))) fields[name] = fieldType(column.columnType);
    for (const rule of verdictRules(layer)) fields[rule] = 'String';
    return c.json({
      tilejson: '3.0.0',
      name: `${LAYERS[layer].labelZh} ${LAYERS[layer].labelEn}`,
      description: `Cuntu ${layer}; verdicts under ${profile.key} v${profile.version}`,
      scheme: 'xyz',
      tiles: [carryToken(c, `${origin}/api/tiles/${layer}/{z}/{x}/{y}.mvt${c.req.query('profile') ? `?profile=${profile.id}` : ''}`)],
      minzoom: 0,
      maxzoom: MAX_ZOOM,
      bounds,
      center: [(bounds[0] + bounds[2]) / 2, (bounds[1] + bounds[3]) / 2, 9],
      vector_layers: [{ id: layer, description: LAYERS[layer].labelEn, minzoom: 0, maxzoom: MAX_ZOOM, fields }],
    }, 200);
  })
  .openapi(tilesApi.routes.tile, async (c) => {
    const layer = layerParam(c);
    const match = /^(\d+)\.mvt$/.exec(c.req.param('file'));
    const address = { z: Number(c.req.param('z')), x: Number(c.req.param('x')), y: match ? Number(match[1]) : NaN };
    if (!match || !/^\d+$/.test(c.req.param('z')) || !/^\d+$/.test(c.req.param('x')) || !isValidTile(address)) {
      throw new ApiError(400, 'invalid_tile', `No tile ${c.req.param('z')}/${c.req.param('x')}/${c.req.param('file')}: z is 0–${MAX_ZOOM}, x and y 0 to 2^z − 1, ending in .mvt`);
    }
    return serveTile(c, layer, address, c.req.valid('query').profile);
  });

import { sql, type SQL } from 'drizzle-orm';
import { LAYER_TABLES, pgArray } from '@cuntu/db';
import { regionPrefixOf, type LayerId } from '@cuntu/domain';
import { bufferedTileEnvelope, type TileAddress } from './tile-query';

/**
 * The deepest zoom whose tiles are stored in the database for every API process (`stored_tiles`): on a
 * generated province a tile at z6–z8 took 20–500 ms to make (a prefecture's houses), one deeper at
 * most 30 ms, and deeper tiles are seldom asked twice.
 */
export const STORED_MAX_ZOOM = 8;

/** Whether a tile is kept in the database rather than made for each process. */
export const isStoredTile = (z: number) => z <= STORED_MAX_ZOOM;

/** The `layer_changes` a layer's tiles follow: its own features, and the verdicts they carry. */
export function changeTags(layer: LayerId): string[] {
  const subject = LAYER_TABLES[layer].subjectType;
  return subject ? [layer, `verdicts:${subject}`, 'verdicts:*'] : [layer];
}

export interface StoredTileKey extends TileAddress {
  layer: LayerId;
  personalData: boolean;
  /** Only features in this region (a division code), or all (null). */
  region: string | null;
}

/** Who a tile is made for, as its ETag and every cache name them: with or without personal data, and the region it is limited to. */
export const tileAudience = (personalData: boolean, region: string | null) => `${personalData ? 'pd' : 'np'}${region === null ? '' : `r${regionPrefixOf(region)}`}`;

/**
 * The profile (active, or the one asked), the stamp of the tile's area — the count and latest of the
 * changes of its layer touching the tile with its buffer, so a change committed late still moves it —
 * and the stored tile if it was made under that stamp (its bytes unless the stamp is one of `skip`, or `bytes` is false).
 */
export function storedTileSql(key: StoredTileKey, profileId: number | undefined, skip: string[], { bytes = true } = {}): SQL {
  const { layer, z, x, y } = key;
  const profile = profileId === undefined ? sql`is_active` : sql`id = ${profileId}`;
  return sql`
    WITH p AS (SELECT id, version FROM standards_profiles WHERE ${profile}),
    area AS (
      SELECT concat(count(*), '.', coalesce(max(seq), 0)) AS token FROM layer_changes
      WHERE layer = ANY(${pgArray(changeTags(layer))}::text[]) AND box && ${bufferedTileEnvelope(z, x, y)}
    ),
    tagged AS (SELECT p.id, p.version, area.token, concat(${layer}::text, '-a', area.token, '-p', p.id, 'v', p.version) AS stamp FROM p, area)
    SELECT t.id, t.version, t.token, t.stamp, s.layer IS NOT NULL AS stored,
      ${bytes ? sql`CASE WHEN t.stamp = ANY(${pgArray(skip.filter((stamp) => /^[\w.:-]+$/.test(stamp)))}::text[]) THEN NULL ELSE s.tile END` : sql`NULL::bytea`} AS tile
    FROM tagged t LEFT JOIN stored_tiles s ON s.layer = ${layer} AND s.profile_id = t.id AND s.profile_version = t.version
      AND s.audience = ${tileAudience(key.personalData, key.region)} AND s.z = ${z} AND s.x = ${x} AND s.y = ${y} AND s.token = t.token`;
}

/** Keeps a tile made under `token`, unless one made under a later token is there already. */
export function storeTileSql(key: StoredTileKey, profile: { id: number; version: number }, token: string, tile: Uint8Array): SQL {
  return sql`
    INSERT INTO stored_tiles (layer, profile_id, profile_version, audience, z, x, y, token, tile)
    VALUES (${key.layer}, ${profile.id}, ${profile.version}, ${tileAudience(key.personalData, key.region)}, ${key.z}, ${key.x}, ${key.y}, ${token}, ${tile})
    ON CONFLICT (layer, profile_id, audience, z, x, y) DO UPDATE
      SET profile_version = excluded.profile_version, token = excluded.token, tile = excluded.tile, made_at = now()
      WHERE stored_tiles.profile_version < excluded.profile_version
        OR (stored_tiles.profile_version = excluded.profile_version AND split_part(stored_tiles.token, '.', 1)::bigint < split_part(excluded.token, '.', 1)::bigint)`;
}

export { createTilesRepo, detectTileEncoder } from './lib/tiles.repo';
export type { TilesRepo, TileEncoder } from './lib/tiles.repo';
export { encodeTile } from './lib/encode-tile';
export type { TileRow } from './lib/encode-tile';
export { mvtTileSql, tileRowsSql, isValidTile, tileBounds, tileContaining, tileLonLatBounds, tileAttributes, verdictRules, generalisation, MAX_TILE_BYTES, TILE_EXTENT, TILE_BUFFER, MAX_ZOOM } from './lib/tile-query';
export type { TileAddress, TileRequest } from './lib/tile-query';
export { createTileCache } from './lib/tile-cache';
export type { TileCache } from './lib/tile-cache';

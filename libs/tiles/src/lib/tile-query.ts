import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { inRegionSql, LAYER_TABLES, propertyColumns } from '@cuntu/db';
import { FULL_DETAIL_ZOOM, PERSONAL_DATA_FIELDS, type LayerId } from '@cuntu/domain';
import { RULES } from '@cuntu/standards';

/** Tile coordinates: extent 4096, a 64-unit buffer so lines and labels continue across tile edges. */
export const TILE_EXTENT = 4096;
export const TILE_BUFFER = 64;
/** The deepest zoom served (about 2 cm a tile unit at z 22). */
export const MAX_ZOOM = 22;
/** Half the Web Mercator world's width in metres. */
const HALF_WORLD = 20037508.342789244;

export interface TileAddress {
  z: number;
  x: number;
  y: number;
}

export interface TileRequest extends TileAddress {
  layer: LayerId;
  /** The standards profile whose verdicts the features carry. */
  profileId: number;
  /** Whether household personal data may go into the tile. */
  personalData: boolean;
  /** Only features in this region (a division code; `@cuntu/domain` regions), or all (null / absent). */
  region?: string | null;
  /**
   * How far the tile is generalised, in tile units (see `generalisation`): points, one per cell of this
   * size (the most telling kept: a fail before an unknown before a pass); lines shorter than it left out.
   * Null: every feature. Default: by the zoom (`generalisation`).
   */
  cell?: number | null;
}

/** Below it: one point per 32 tile units (4 screen pixels on a 512-pixel tile), lines shorter than that left out — nothing a reader could tell apart. */
const DETAIL_CELL = 32;
/** The largest tile served: a tile over it is generalised further, a cell twice as large each time. */
export const MAX_TILE_BYTES = 500 * 1024;
/** The coarsest generalisation tried: 16 cells across the tile. */
export const COARSEST_CELL = TILE_EXTENT / 16;

/** How a tile is generalised at first: as asked (`TileRequest.cell`), else by its zoom. */
export const generalisation = ({ z, cell }: { z: number; cell?: number | null }): number | null => (cell !== undefined ? cell : z >= FULL_DETAIL_ZOOM ? null : DETAIL_CELL);

/** The next, coarser generalisation of a tile that came out too large, or null when none is left. */
export const coarser = (cell: number | null): number | null => {
  const next = cell === null ? DETAIL_CELL : cell * 2;
  return next > COARSEST_CELL ? null : next;
};

/** Whether z/x/y names a tile of the Web Mercator pyramid we serve. */
export function isValidTile({ z, x, y }: TileAddress): boolean {
  if (![z, x, y].every(Number.isInteger) || z < 0 || z > MAX_ZOOM) return false;
  const n = 2 ** z;
  return x >= 0 && x < n && y >= 0 && y < n;
}

/** The tile at zoom `z` holding a WGS-84 position. */
export function tileContaining(lon: number, lat: number, z: number): TileAddress {
  const n = 2 ** z;
  const rad = (lat * Math.PI) / 180;
  return { z, x: Math.floor(((lon + 180) / 360) * n), y: Math.floor(((1 - Math.log(Math.tan(rad) + 1 / Math.cos(rad)) / Math.PI) / 2) * n) };
}

/** The tile's bounds [west, south, east, north] in WGS-84 degrees. */
export function tileLonLatBounds({ z, x, y }: TileAddress): [number, number, number, number] {
  const n = 2 ** z;
  const lon = (i: number) => (i / n) * 360 - 180;
  const lat = (j: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * j) / n))) * 180) / Math.PI;
  return [lon(x), lat(y + 1), lon(x + 1), lat(y)];
}

/** The tile's bounds in EPSG:3857. */
export function tileBounds({ z, x, y }: TileAddress) {
  const size = (2 * HALF_WORLD) / 2 ** z;
  return { minX: -HALF_WORLD + x * size, maxY: HALF_WORLD - y * size, size };
}

/**
 * A tile's envelope widened by its buffer, in WGS-84: what a tile's statement, its stamp and its
 * coverage look for features in (`geometry && …`). Kept inside the world's x bounds first: a buffer
 * crossing the antimeridian comes back from ST_Transform wrapped to the far side, and the world's
 * east-edge tiles (z1 and z2 over China) found nothing.
 */
export const bufferedTileEnvelope = (z: number | SQL, x: number | SQL, y: number | SQL): SQL =>
  sql`ST_Transform(ST_ClipByBox2D(ST_TileEnvelope(${z}, ${x}, ${y}, margin => ${TILE_BUFFER / TILE_EXTENT}), ST_TileEnvelope(0, 0, 0)::box2d), 4326)`;

/** The attribute expression of a column as tiles carry it: scalars only, reals as exact decimals. */
function attributeExpression(column: AnyColumn): SQL {
  const ref = sql`t.${sql.identifier(column.name)}`;
  switch (column.columnType) {
    case 'PgReal':
    case 'PgDoublePrecision':
      // real → numeric → float8 keeps 3.2 as 3.2 rather than 3.2000000476837.
      return sql`${ref}::numeric::float8`;
    case 'PgArray':
      return sql`array_to_string(${ref}, ',')`;
    case 'PgTimestamp':
      return sql`to_char(${ref} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"')`;
    case 'PgDate':
      return sql`${ref}::text`;
    default:
      return ref;
  }
}

/** The rules whose verdicts a layer's features carry (one attribute per rule id). */
export function verdictRules(layer: LayerId): string[] {
  const subject = LAYER_TABLES[layer].subjectType;
  return subject ? RULES.filter((r) => r.subject === subject).map((r) => r.id) : [];
}

/** The attributes a tile carries for a layer and who asks: every property column, personal data only when allowed. */
export function tileAttributes(layer: LayerId, personalData: boolean): Array<{ name: string; column: AnyColumn }> {
  return Object.entries(propertyColumns(layer))
    .filter(([name]) => personalData || !(PERSONAL_DATA_FIELDS as readonly string[]).includes(name))
    .map(([name, column]) => ({ name, column }));
}

/**
 * The rows of one tile, the same for both encoders: the feature id, its attributes, one attribute per
 * rule holding its verdict under the profile, and `geom`, made by `geometryOf` from the feature's
 * geometry in EPSG:3857 (lines generalised to the tile's resolution) and the tile's envelope.
 */
function tileRows(req: TileRequest, geometryOf: (g: SQL, envelope: SQL) => SQL): SQL {
  const { table, id, geometry, geometryType, subjectType } = LAYER_TABLES[req.layer];
  const unit = tileBounds(req).size / TILE_EXTENT;
  const projected = geometryType === 'Point'
    ? sql`ST_Transform(t.${sql.identifier(geometry.name)}, 3857)`
    : sql`ST_Simplify(ST_Transform(t.${sql.identifier(geometry.name)}, 3857), ${unit / 2})`;
  const attributes = tileAttributes(req.layer, req.personalData).map(({ name, column }) => sql`${attributeExpression(column)} AS ${sql.identifier(name)}`);
  const rules = verdictRules(req.layer);
  const verdicts = rules.map((rule) => sql`v.${sql.identifier(rule)}`);
  /** Whether the layer's features carry verdicts (its subject has rules): the join below is empty otherwise. */
  const carriesVerdicts = subjectType !== null && rules.length > 0;
  const verdictJoin = carriesVerdicts
    ? sql`LEFT JOIN LATERAL (
        SELECT ${sql.join(rules.map((rule) => sql`max(r.verdict) FILTER (WHERE r.rule_id = ${rule}) AS ${sql.identifier(rule)}`), sql`, `)}
        FROM check_results r
        WHERE r.profile_id = ${req.profileId} AND r.subject_type = ${subjectType} AND r.subject_id = t.${sql.identifier(id.name)}::text
      ) v ON true`
    : sql``;
  const inRegion = inRegionSql(req.layer, req.region ?? null, (column) => sql`t.${sql.identifier(column.name)}`);
  const cell = generalisation(req);
  const cellSize = cell === null ? null : cell * unit;
  const { minX, maxY } = tileBounds(req);
  const generalised = cellSize !== null && geometryType === 'Point';
  // A point's cell, and how telling it is: a fail first, then an unknown, then a pass (or no verdict).
  const cellJoin = generalised
    ? sql`CROSS JOIN LATERAL (SELECT floor((ST_X(${projected}) - ${minX}) / ${cellSize}) AS cx, floor((${maxY} - ST_Y(${projected})) / ${cellSize}) AS cy) c`
    : sql``;
  const telling = carriesVerdicts
    ? sql`CASE WHEN 'fail' IN (${sql.join(verdicts, sql`, `)}) THEN 0 WHEN 'unknown' IN (${sql.join(verdicts, sql`, `)}) THEN 1 ELSE 2 END, `
    : sql``;
  const inTile = sql`t.${sql.identifier(geometry.name)} && ${bufferedTileEnvelope(req.z, req.x, req.y)}
      ${inRegion ? sql`AND ${inRegion}` : sql``}`;
  const selected = sql`${geometryOf(projected, sql`ST_TileEnvelope(${req.z}, ${req.x}, ${req.y})`)} AS geom, t.${sql.identifier(id.name)}::bigint AS fid`;
  if (generalised) {
    // Each cell's point is chosen first, by id and verdicts alone; only the chosen ones' attributes are
    // read. Sorting every point's attributes spilled to disk: a province's houses at z6, 27,138 points
    // for 4,378 cells.
    const picked = sql.join(rules.map((rule) => sql`p.${sql.identifier(rule)}`), sql`, `);
    return sql`
      SELECT ${sql.join([selected, ...attributes, ...(carriesVerdicts ? [picked] : [])], sql`, `)}
      FROM (
        SELECT DISTINCT ON (c.cx, c.cy) t.${sql.identifier(id.name)} AS picked_id${carriesVerdicts ? sql`, ${sql.join(verdicts, sql`, `)}` : sql``}
        FROM ${table} t ${verdictJoin} ${cellJoin}
        WHERE ${inTile}
        ORDER BY c.cx, c.cy, ${telling}t.${sql.identifier(id.name)}
      ) p JOIN ${table} t ON t.${sql.identifier(id.name)} = p.picked_id`;
  }
  return sql`
    SELECT ${sql.join([selected, ...attributes, ...verdicts], sql`, `)}
    FROM ${table} t ${verdictJoin}
    WHERE ${inTile}
      ${cellSize !== null ? sql`AND ST_Length(ST_Transform(t.${sql.identifier(geometry.name)}, 3857)) + ST_Perimeter(ST_Transform(t.${sql.identifier(geometry.name)}, 3857)) >= ${cellSize}` : sql``}`;
}

/** The whole tile as one protobuf from PostGIS (`ST_AsMVT` over `ST_AsMVTGeom`): needs PostGIS built with protobuf. */
export function mvtTileSql(req: TileRequest): SQL {
  const rows = tileRows(req, (g, envelope) => sql`ST_AsMVTGeom(${g}, ${envelope}, ${TILE_EXTENT}, ${TILE_BUFFER}, true)`);
  return sql`SELECT ST_AsMVT(q, ${req.layer}, ${TILE_EXTENT}, 'geom', 'fid') AS tile FROM (${rows}) q WHERE q.geom IS NOT NULL`;
}

/**
 * The same rows with the geometry already in tile coordinates as GeoJSON, for encoding in JS where
 * PostGIS has no protobuf (PGlite). Does what `ST_AsMVTGeom` does: into tile units (y down), clip to
 * the buffered tile, snap to the integer grid, drop what collapsed.
 */
export function tileRowsSql(req: TileRequest): SQL {
  const { minX, maxY, size } = tileBounds(req);
  const s = TILE_EXTENT / size;
  const rows = tileRows(req, (g) => sql`ST_AsGeoJSON(ST_RemoveRepeatedPoints(ST_SnapToGrid(ST_ClipByBox2D(
      ST_Affine(${g}, ${s}, 0, 0, ${-s}, ${-minX * s}, ${maxY * s}),
      ST_MakeEnvelope(${-TILE_BUFFER}, ${-TILE_BUFFER}, ${TILE_EXTENT + TILE_BUFFER}, ${TILE_EXTENT + TILE_BUFFER})), 1)))::json`);
  return sql`SELECT * FROM (${rows}) q WHERE q.geom IS NOT NULL`;
}

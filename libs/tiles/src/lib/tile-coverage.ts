import { sql } from 'drizzle-orm';
import { LAYER_TABLES, pgArray, type Database } from '@cuntu/db';
import { LAYER_IDS, type LayerId } from '@cuntu/domain';
import { TILE_BUFFER, TILE_EXTENT, type TileAddress } from './tile-query';

/**
 * Where a layer has features, to the cell of a z14 tile: so that a tile with nothing in it is answered
 * without asking the database. Over a county, seven tiles in ten from z6 to z14 are empty, and the
 * statement that finds a tile empty cost more than everything else the API does for it.
 *
 * A cell is marked when a feature's box, widened by `MARK_MARGIN`, overlaps it. A feature the tile
 * statement would find (its box touching the tile's buffered envelope) then marks one of the cells the
 * tile is checked against (`cellRange`), so a tile is called empty only when that statement would find
 * nothing. Marks are never taken back: a feature deleted or moved away leaves its cell marked, and its
 * tile is made (empty) as before.
 */
const COVER_ZOOM = 14;
const CELLS = 2 ** COVER_ZOOM;
/** A tile's buffer as a share of it. */
const BUFFER = TILE_BUFFER / TILE_EXTENT;
/**
 * How far a feature's box is widened, in cells, to mark them: a z13 tile's buffer (so that a z13 tile
 * is checked against its own four cells alone, a z14 tile against its own), and a hair more for
 * rounding between PostGIS and JavaScript.
 */
const MARK_MARGIN = 2 * BUFFER + 1e-6;
/** A change whose box spans more cells than this (a whole-province import, a TRUNCATE) has the coverage read again whole. */
const MAX_WIDENED_CELLS = 100_000;
/**
 * Changes are followed by their sequence number from a little before the newest one the coverage was
 * read with, skipping those it had already seen: a write committed after a later-numbered one is not
 * missed unless more than this many changes of any layer were committed while it was open.
 */
const SEEN_WINDOW = 10_000;

/** A box's edges in fractional cells, as SQL (y grows southward; latitudes within Web Mercator's). */
const tileX = (lon: string) => `(${lon} + 180) / 360 * ${CELLS}`;
const tileY = (lat: string) => `(1 - ln(tan(radians(${lat})) + 1 / cos(radians(${lat}))) / pi()) / 2 * ${CELLS}`;
const edges = (box: string) => ({
  west: tileX(`ST_XMin(${box})`), east: tileX(`ST_XMax(${box})`),
  north: tileY(`least(85.05, ST_YMax(${box}))`), south: tileY(`greatest(-85.05, ST_YMin(${box}))`),
});
/** The cells a feature box in WGS-84 degrees touches once widened by `MARK_MARGIN`, as SQL (from `box`'s columns). */
const cellsOf = (box: string) => {
  const { west, east, north, south } = edges(box);
  return sql.raw(`
  generate_series(greatest(0, floor(${west} - ${MARK_MARGIN}))::int, least(${CELLS - 1}, floor(${east} + ${MARK_MARGIN}))::int) i,
  generate_series(greatest(0, floor(${north} - ${MARK_MARGIN}))::int, least(${CELLS - 1}, floor(${south} + ${MARK_MARGIN}))::int) j`);
};

/** The marked cells (sorted, packed as big-endian int4 keys i · 2^14 + j), the layer's revision and the changes seen. */
function coverageSql(layer: LayerId) {
  const { table, geometry } = LAYER_TABLES[layer];
  return sql`
    WITH top AS (SELECT coalesce(max(seq), 0)::bigint AS seq FROM layer_changes)
    SELECT coalesce((SELECT revision FROM layer_revisions WHERE layer = ${layer}), 0)::bigint AS revision,
      (SELECT seq FROM top) AS top,
      (SELECT coalesce(array_agg(seq), '{}') FROM layer_changes WHERE layer = ${layer} AND seq > (SELECT seq FROM top) - ${SEEN_WINDOW}) AS seen,
      (SELECT string_agg(int4send(k), ''::bytea ORDER BY k) FROM (
        SELECT DISTINCT i * ${CELLS} + j AS k FROM (SELECT ${geometry}::box2d AS b FROM ${table} WHERE NOT ST_IsEmpty(${geometry})) f, ${cellsOf('f.b')}) cells) AS cells`;
}

/** The layer's changes not yet seen, with the cells each touches (or too many to count), and the layer's revision. */
function changesSql(layer: LayerId, floor: number, seen: number[]) {
  const { west, east, north, south } = edges('box');
  return sql`
    SELECT coalesce((SELECT revision FROM layer_revisions WHERE layer = ${layer}), 0)::bigint AS revision,
      coalesce(json_agg(json_build_object('seq', c.seq, 'cells', c.cells)), '[]') AS changes
    FROM (
      SELECT seq, CASE WHEN width * height > ${MAX_WIDENED_CELLS} THEN NULL ELSE (SELECT array_agg(i * ${CELLS} + j) FROM ${cellsOf('box')}) END AS cells
      FROM (SELECT seq, box, (${sql.raw(east)}) - (${sql.raw(west)}) + 2 AS width, (${sql.raw(south)}) - (${sql.raw(north)}) + 2 AS height
        FROM layer_changes WHERE layer = ${layer} AND seq > ${floor} AND NOT (seq = ANY(${pgArray(seen)}::bigint[]))) x
    ) c`;
}

interface LayerCoverage {
  /** The layer's revision the coverage holds every feature of. */
  revision: number;
  /** Marked cells read whole, sorted. */
  cells: Uint32Array;
  /** Cells marked by changes since. */
  added: Set<number>;
  floor: number;
  seen: Set<number>;
}

const unpack = (packed: unknown): Uint32Array => {
  if (!(packed instanceof Uint8Array)) return new Uint32Array(0);
  const view = new DataView(packed.buffer, packed.byteOffset, packed.byteLength);
  const cells = new Uint32Array(packed.byteLength / 4);
  for (let n = 0; n < cells.length; n++) cells[n] = view.getUint32(n * 4);
  return cells;
};

/** The first index in sorted `cells` whose key is ≥ `key`. */
function lowerBound(cells: Uint32Array, key: number): number {
  let lo = 0;
  let hi = cells.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cells[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * The cells a tile is checked against, [i0, i1] × [j0, j1]: deeper than the cells, its ancestor's; a
 * z13 or z14 tile, its own cells; shallower ones, their own and as far around as their buffer reaches
 * beyond what marking widened (a z6 tile's buffer is four cells).
 */
function cellRange({ z, x, y }: TileAddress): [number, number, number, number] {
  if (z >= COVER_ZOOM) {
    const shift = 2 ** (z - COVER_ZOOM);
    return [Math.floor(x / shift), Math.floor(x / shift), Math.floor(y / shift), Math.floor(y / shift)];
  }
  const k = 2 ** (COVER_ZOOM - z);
  const reach = Math.max(0, (k - 2) * BUFFER);
  const clamp = (n: number) => Math.min(CELLS - 1, Math.max(0, n));
  return [clamp(Math.floor(x * k - reach)), clamp(Math.ceil((x + 1) * k + reach) - 1), clamp(Math.floor(y * k - reach)), clamp(Math.ceil((y + 1) * k + reach) - 1)];
}

function anyMarked(coverage: LayerCoverage, [i0, i1, j0, j1]: [number, number, number, number]): boolean {
  for (let i = i0; i <= i1; i++) {
    const at = lowerBound(coverage.cells, i * CELLS + j0);
    if (at < coverage.cells.length && coverage.cells[at] <= i * CELLS + j1) return true;
  }
  // Cells marked since: each cell of a small range looked up, else each marked cell tried against a large one.
  if ((i1 - i0 + 1) * (j1 - j0 + 1) <= coverage.added.size) {
    for (let i = i0; i <= i1; i++) for (let j = j0; j <= j1; j++) if (coverage.added.has(i * CELLS + j)) return true;
    return false;
  }
  for (const key of coverage.added) {
    const i = Math.floor(key / CELLS);
    const j = key % CELLS;
    if (i >= i0 && i <= i1 && j >= j0 && j <= j1) return true;
  }
  return false;
}

export interface TileCoverage {
  /**
   * Whether the tile certainly holds none of the layer's features at `revision` (its stamp's): false
   * too while this process has not yet read the layer's coverage up to that revision (it starts
   * reading then, and the tile is made as before).
   */
  knownEmpty(layer: LayerId, address: TileAddress, revision: number): boolean;
  /** Reads the layer's coverage up to its current revision now (tests, and warming a process). */
  refresh(layer: LayerId): Promise<void>;
}

const perDatabase = new WeakMap<Database, TileCoverage>();

/** This process's coverage of each layer on `database`, read when first asked and followed through `layer_changes`. */
export function tileCoverage(database: Database): TileCoverage {
  const known = perDatabase.get(database);
  if (known) return known;
  const layers = new Map<LayerId, LayerCoverage>();
  const reading = new Map<LayerId, Promise<void>>();

  const readWhole = async (layer: LayerId) => {
    const [row] = await database.rows<{ revision: string | number; top: string | number; seen: Array<string | number>; cells: unknown }>(coverageSql(layer));
    layers.set(layer, {
      revision: Number(row.revision), cells: unpack(row.cells), added: new Set(), floor: Number(row.top) - SEEN_WINDOW, seen: new Set(row.seen.map(Number)),
    });
  };
  const readChanges = async (layer: LayerId, coverage: LayerCoverage) => {
    const [row] = await database.rows<{ revision: string | number; changes: Array<{ seq: number; cells: number[] | null }> }>(changesSql(layer, coverage.floor, [...coverage.seen]));
    const changes = typeof row.changes === 'string' ? (JSON.parse(row.changes) as typeof row.changes) : row.changes;
    if (changes.some((change) => change.cells === null)) return readWhole(layer);
    for (const change of changes) {
      coverage.seen.add(Number(change.seq));
      for (const cell of change.cells!) coverage.added.add(cell);
    }
    coverage.revision = Math.max(coverage.revision, Number(row.revision));
    // The window follows the newest change seen, so the changes named as seen stay a window's worth.
    coverage.floor = Math.max(coverage.floor, Math.max(...coverage.seen) - SEEN_WINDOW);
    for (const seq of coverage.seen) if (seq <= coverage.floor) coverage.seen.delete(seq);
  };
  const refresh = (layer: LayerId): Promise<void> => {
    let pending = reading.get(layer);
    if (!pending) {
      const coverage = layers.get(layer);
      pending = (coverage ? readChanges(layer, coverage) : readWhole(layer)).finally(() => reading.delete(layer));
      reading.set(layer, pending);
    }
    return pending;
  };

  const coverage: TileCoverage = {
    knownEmpty(layer, address, revision) {
      const held = layers.get(layer);
      if (!held || held.revision < revision) {
        // Read in the background; a failed read is tried again by the next tile.
        refresh(layer).catch(() => undefined);
        return false;
      }
      return !anyMarked(held, cellRange(address));
    },
    refresh,
  };
  perDatabase.set(database, coverage);
  return coverage;
}

/** Reads every layer's coverage, one after another: as a process starts, so that its first tiles need not wait for it. */
export async function readTileCoverage(database: Database): Promise<void> {
  const coverage = tileCoverage(database);
  for (const layer of LAYER_IDS) await coverage.refresh(layer);
}

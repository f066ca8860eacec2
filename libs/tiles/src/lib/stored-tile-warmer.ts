import { sql } from 'drizzle-orm';
import { onChange, type Database } from '@cuntu/db';
import { LAYER_IDS, type LayerId } from '@cuntu/domain';
import { createTilesRepo } from './tiles.repo';
import { changeTags, STORED_MAX_ZOOM, type StoredTileKey } from './stored-tiles';
import { TILE_BUFFER, TILE_EXTENT, tileContaining, type TileAddress } from './tile-query';

/** A box in WGS-84 degrees: west, south, east, north. */
export type LonLatBox = [number, number, number, number];

/** Where stored tiles may have to be made again: a box, and the layers whose tiles follow what changed in it. */
export interface ChangedArea {
  box: LonLatBox;
  layers: readonly LayerId[];
}

/** The advisory lock the process keeping stored tiles made holds while it works ("tile" in ASCII): one process at a time. */
export const STORED_TILE_WARMING_LOCK = 0x74696c65;

/** Web Mercator's latitude limit. */
const MAX_LAT = 85.0511287798066;

/** The stored tiles (z0 to `STORED_MAX_ZOOM`) whose buffered envelope reaches into `box`, the coarsest first. */
export function storedTilesOver([w, s, e, n]: LonLatBox): TileAddress[] {
  const tiles: TileAddress[] = [];
  for (let z = 0; z <= STORED_MAX_ZOOM; z++) {
    const last = 2 ** z - 1;
    // A tile's buffer reaches this far beyond it, in degrees of longitude (and, more than enough, of latitude).
    const reach = (360 / 2 ** z) * (TILE_BUFFER / TILE_EXTENT);
    const nw = tileContaining(Math.max(w - reach, -180), Math.min(n + reach, MAX_LAT), z);
    const se = tileContaining(Math.min(e + reach, 180), Math.max(s - reach, -MAX_LAT), z);
    for (let x = Math.max(nw.x, 0); x <= Math.min(se.x, last); x++) for (let y = Math.max(nw.y, 0); y <= Math.min(se.y, last); y++) tiles.push({ z, x, y });
  }
  return tiles;
}

/** The layers whose stored tiles follow a `layer_changes` tag: a layer's own, or the verdicts of a subject (or of all). */
export const layersFollowing = (tag: string): LayerId[] => LAYER_IDS.filter((layer) => changeTags(layer).includes(tag));

/**
 * Makes and stores, one at a time and the coarsest first, every stored tile over `areas` that is not
 * stored under its area's current stamp, for readers without personal data and without a region (what
 * leaders and viewers of the whole deployment open first), under the active profile. A tile already
 * stored under its stamp costs the lookup alone. Resolves to how many tiles were looked at.
 */
export async function makeStoredTiles(database: Database, areas: readonly ChangedArea[]): Promise<number> {
  const tiles = createTilesRepo(database);
  const keys = new Map<string, StoredTileKey>();
  for (const { box, layers } of areas) {
    for (const address of storedTilesOver(box)) for (const layer of layers) keys.set(`${address.z}/${address.x}/${address.y}/${layer}`, { layer, ...address, personalData: false, region: null });
  }
  const ordered = [...keys.values()].sort((a, b) => a.z - b.z);
  for (const key of ordered) await tiles.ensureStored(key);
  return ordered.length;
}

/** The whole deployment: the box of its counties, every layer. */
async function wholeDeployment(database: Database): Promise<ChangedArea[]> {
  const [box] = await database.rows<{ w: number | null; s: number; e: number; n: number }>(sql`
    SELECT ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n FROM (SELECT ST_Extent(boundary) AS b FROM counties) x`);
  return box?.w == null ? [] : [{ box: [box.w, box.s, box.e, box.n], layers: LAYER_IDS }];
}

/** What changed after `seq` (`layer_changes`), one area per tag: the box of its changes. */
async function changedSince(database: Database, seq: number): Promise<ChangedArea[]> {
  const found = await database.rows<{ tag: string; w: number; s: number; e: number; n: number }>(sql`
    SELECT layer AS tag, ST_XMin(b) AS w, ST_YMin(b) AS s, ST_XMax(b) AS e, ST_YMax(b) AS n
    FROM (SELECT layer, ST_Extent(box) AS b FROM layer_changes WHERE seq > ${seq} GROUP BY layer) x`);
  return found.map(({ tag, w, s, e, n }) => ({ box: [w, s, e, n], layers: layersFollowing(tag) }));
}

/**
 * Keeps the stored tiles of a server's deployment made before anyone asks for them (`makeStoredTiles`):
 * the low zooms, which take longest to make (a province's houses at z6: 0.2 s, at z0: 2 s), are what
 * leaders open first, and every check run makes all of them stale. Resolves once the whole deployment
 * has been seen to (by this process or, when another holds the lock, by that one); after that, `afterMs`
 * after the layers or verdicts change (change notices), the tiles over what changed since are made
 * again. Until then a reader asking for a stale one has it made, as without this. One process at a time
 * works (an advisory lock held in a transaction); on a server only: PGlite's one connection would wait
 * for the transaction holding it.
 */
export async function keepStoredTilesMade(database: Database, { afterMs = 30_000 }: { afterMs?: number } = {}): Promise<void> {
  let seen: number | null = null;
  let running: Promise<void> | null = null;
  let again = false;
  const sweep = async () => {
    const [{ latest }] = await database.rows<{ latest: string | number }>(sql`SELECT coalesce(max(seq), 0) AS latest FROM layer_changes`);
    await database.db.transaction(async (tx) => {
      const [held] = (await tx.execute(sql`SELECT pg_try_advisory_xact_lock(${STORED_TILE_WARMING_LOCK}) AS got`)) as unknown as Array<{ got: boolean }>;
      // Another process is at it: it sees these changes too (their notices reach every process).
      if (!held?.got) return;
      await makeStoredTiles(database, seen === null ? await wholeDeployment(database) : await changedSince(database, seen));
    });
    seen = Number(latest);
  };
  const run = (): Promise<void> => {
    if (running) {
      again = true;
      return running;
    }
    running = sweep()
      .catch((e: unknown) => console.warn(`stored tiles not made: ${String(e)}`))
      .finally(() => {
        running = null;
        if (again) {
          again = false;
          void run();
        }
      });
    return running;
  };
  // The first change after a sweep is followed by the next one `afterMs` later, however many come meanwhile.
  let waiting: ReturnType<typeof setTimeout> | undefined;
  onChange(database, 'revisions', () => {
    if (waiting) return;
    waiting = setTimeout(() => {
      waiting = undefined;
      void run();
    }, afterMs);
    waiting.unref?.();
  });
  await run();
}

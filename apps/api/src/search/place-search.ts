import { sql } from 'drizzle-orm';
import { pinyin } from 'pinyin-pro';
import type { Database } from '@cuntu/db';
import { regionPrefixOf } from '@cuntu/domain';
import { createLayersRepo } from '../repos/layers.repo';

/** A village or natural village (group) as the search finds it. */
export interface Place { layer: 'villages' | 'groups'; id: string; name: string; point: [number, number] }

/** A place with what a query is matched against: its pinyin in full and its initials. */
interface Indexed extends Place { full: string; initials: string }

/** Each database's index, under the stamp of the two layers it was read at (rebuilt after a write to either). */
const indexes = new WeakMap<Database, { stamp: string; places: Promise<Indexed[]> }>();

const SPACES = /\s+/g;

/**
 * Every village and natural village with the pinyin of its name, villages first, then groups, each by
 * code (a group's code starts with its village's). Read again when either layer was written.
 */
async function placesOf(database: Database): Promise<Indexed[]> {
  const revisions = await createLayersRepo(database).revisions();
  const stamp = `${revisions.villages ?? 0}:${revisions.groups ?? 0}`;
  const known = indexes.get(database);
  if (known?.stamp === stamp) return known.places;
  const places = database.rows<{ layer: Place['layer']; id: string; name: string; lon: number; lat: number }>(sql`
    SELECT 'villages' AS layer, code AS id, name, ST_X(committee) AS lon, ST_Y(committee) AS lat FROM villages
    UNION ALL
    SELECT 'groups', code, name, ST_X(settlement), ST_Y(settlement) FROM village_groups
    ORDER BY layer DESC, id`).then((rows) => rows.map((r): Indexed => ({
    layer: r.layer, id: r.id, name: r.name, point: [r.lon, r.lat],
    full: pinyin(r.name, { toneType: 'none', type: 'array' }).join('').toLowerCase(),
    initials: pinyin(r.name, { pattern: 'first', toneType: 'none', type: 'array' }).join('').toLowerCase(),
  })));
  indexes.set(database, { stamp, places });
  places.catch(() => indexes.get(database)?.places === places && indexes.delete(database));
  return places;
}

/**
 * The places of `region` (null: all) the search box finds for `query`: a part of the name, the start of
 * the code, a part of the pinyin, or the start of its initials (spaces and case ignored), the first `limit`.
 */
export async function searchPlaces(database: Database, query: string, region: string | null, limit: number): Promise<Place[]> {
  const q = query.toLowerCase().replace(SPACES, '');
  const prefix = region === null ? '' : regionPrefixOf(region);
  const found: Place[] = [];
  for (const p of await placesOf(database)) {
    if (!p.id.startsWith(prefix)) continue;
    if (p.name.includes(q) || p.id.startsWith(q) || p.full.includes(q) || p.initials.startsWith(q)) {
      found.push({ layer: p.layer, id: p.id, name: p.name, point: p.point });
      if (found.length === limit) break;
    }
  }
  return found;
}

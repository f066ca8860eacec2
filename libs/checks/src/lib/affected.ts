import { sql } from 'drizzle-orm';
import type { Database } from '@cuntu/db';
import { isJudgedLayer, type JudgedLayerId, type LayerId } from '@cuntu/domain';
import { segmentHardness, type Thresholds } from '@cuntu/standards';
import { createFactsRepo } from './facts.repo';
import { idFlags } from './scope';

/**
 * The villages whose verdicts an edit of one feature can change. Callers ask before and after the
 * write (a moved or deleted feature affects where it was) and re-evaluate the union. A layer no rule
 * judges (its definition says `verdicts: null`, like the assets) changes none.
 */
export async function affectedVillages(database: Database, layer: LayerId, id: string | number, t: Thresholds): Promise<string[]> {
  const codes = (rows: Array<{ code: string | null }>) => [...new Set(rows.map((r) => r.code).filter((c): c is string => !!c))].sort();
  if (!isJudgedLayer(layer)) return [];
  switch (layer) {
    case 'villages':
      return codes(await database.rows(sql`SELECT code FROM villages WHERE code = ${String(id)}`));
    case 'groups':
      return codes(await database.rows(sql`SELECT village_code AS code FROM village_groups WHERE code = ${String(id)}`));
    case 'houses':
      return codes(await database.rows(sql`SELECT village_code AS code FROM houses WHERE id = ${Number(id)}`));
    case 'relocation_sites':
      return codes(await database.rows(sql`SELECT village_code AS code FROM relocation_sites WHERE id = ${Number(id)}`));
    case 'water_sources':
      return codes(await database.rows(sql`
        SELECT g.village_code AS code FROM water_source_groups a JOIN village_groups g ON g.code = a.group_code WHERE a.source_id = ${Number(id)}
        UNION SELECT g.village_code FROM water_sources w JOIN village_groups g ON ST_Contains(w.service_area, g.settlement) WHERE w.id = ${Number(id)}`));
    case 'facilities':
      return codes(await database.rows(sql`
        WITH f AS (SELECT * FROM village_facilities WHERE id = ${Number(id)})
        SELECT f.village_code AS code FROM f WHERE f.kind IN ('clinic', 'cultural_centre')
        UNION SELECT v.code FROM f JOIN villages v ON f.kind = 'bus_stop' AND ST_DWithin(v.committee::geography, f.location::geography, ${t.village.busMaxKm * 1000})
        UNION SELECT r.village_code FROM f JOIN relocation_sites r ON f.kind IN ('school', 'clinic') AND ST_DWithin(r.location::geography, f.location::geography, ${t.relocation.searchRadiusKm * 1000})`));
    case 'roads':
      return codes(await affectedByRoad(database, Number(id), t));
    default: {
      const unhandled: never = layer; // a new judged layer must say which villages its edits affect
      throw new Error(`No affected-villages query for ${String(unhandled)}`);
    }
  }
}

/**
 * The properties of a feature, besides its geometry, that `affectedVillages` reads of it (null: it reads
 * more than the feature's own row). An edit that changes none of them, nor the geometry, affects the
 * villages it affected before the write, so they need not be asked again: a road's answer clusters its
 * county's network without the road itself, 150 ms a county of the generated province.
 */
export const AFFECTING_PROPERTIES: Record<JudgedLayerId, readonly string[] | null> = {
  villages: [],
  groups: ['villageCode'],
  houses: ['villageCode'],
  relocation_sites: ['villageCode'],
  facilities: ['kind', 'villageCode'],
  roads: ['countyCode', 'villageCode'],
  // Its links to the groups it serves and its service area live outside its properties.
  water_sources: null,
};

/** Whether an edit from `before` to `after` (properties; `moved`: a new geometry) can change the villages it affects. */
export function editMovesAffected(layer: LayerId, moved: boolean, before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  if (!isJudgedLayer(layer)) return false;
  const read = AFFECTING_PROPERTIES[layer];
  return moved || read === null || read.some((name) => before[name] !== after[name]);
}

/**
 * A road edit affects the villages near the road, those whose groups lie near it, and the villages near
 * the parts of the network that reach the outside only through it: the components of the network
 * without this road that touch it and are not connected to the outside on their own.
 */
async function affectedByRoad(database: Database, roadId: number, t: Thresholds) {
  const [road] = await database.rows<{ county_code: string }>(sql`SELECT county_code FROM roads WHERE id = ${roadId}`);
  if (!road) return [];
  const roads = await createFactsRepo(database).roads({ countyCodes: [road.county_code] });
  const maybeIds = roads.filter((r) => r.id !== roadId && segmentHardness(r, t.road) !== 'fail').map((r) => r.id);
  const reach = t.road.reachM;
  return database.rows<{ code: string | null }>(sql`
    WITH county AS (
      SELECT code, 32600 + floor((ST_X(ST_Centroid(boundary)) + 180) / 6)::int + 1 AS srid, boundary FROM counties WHERE code = ${road.county_code}
    ),
    target AS (SELECT r.village_code, ST_Transform(r.geom, c.srid) AS g FROM roads r, county c WHERE r.id = ${roadId}),
    seg AS (
      SELECT r.id, r.road_class, ST_Transform(r.geom, c.srid) AS g, ST_Transform(ST_Boundary(c.boundary), c.srid) AS edge
      FROM roads r, county c WHERE r.county_code = c.code AND coalesce((${idFlags(maybeIds)}::boolean[])[r.id], false)
    ),
    clustered AS (SELECT *, ST_ClusterDBSCAN(g, eps := ${t.road.snapM}, minpoints := 1) OVER () AS cid FROM seg),
    cut_off AS (
      SELECT cid FROM clustered GROUP BY cid
      HAVING NOT bool_or(road_class = 'trunk' OR ST_DWithin(g, edge, ${t.road.snapM}))
         AND bool_or(ST_DWithin(g, (SELECT g FROM target), ${t.road.snapM}))
    ),
    near AS (SELECT g FROM target UNION ALL SELECT g FROM clustered WHERE cid IN (SELECT cid FROM cut_off)),
    -- Boxes in WGS-84 around what is near, grown by the distances: the spatial indexes find the few
    -- villages and groups to measure, rather than every one of the deployment.
    near_box AS (SELECT ST_Transform(ST_SetSRID(ST_Expand(ST_Extent(n.g), ${reach + t.road.snapM})::geometry, c.srid), 4326) AS box FROM near n, county c GROUP BY c.srid),
    target_box AS (SELECT ST_Transform(ST_Expand(tg.g, ${t.road.groupReachM}), 4326) AS box FROM target tg)
    SELECT village_code AS code FROM target
    UNION SELECT v.code FROM villages v, county c WHERE v.committee && (SELECT box FROM near_box)
      AND EXISTS (SELECT 1 FROM near n WHERE ST_DWithin(n.g, ST_Transform(v.committee, c.srid), ${reach + t.road.snapM}))
    UNION SELECT g.village_code FROM village_groups g, county c, target tg WHERE g.settlement && (SELECT box FROM target_box)
      AND ST_DWithin(tg.g, ST_Transform(g.settlement, c.srid), ${t.road.groupReachM})`);
}

import { setImmediate } from 'node:timers/promises';
import { sql, type SQL } from 'drizzle-orm';
import type { Database } from '@cuntu/db';
import type { GroupFacts, HouseFacts, RelocationSiteFacts, RoadFacts, Thresholds, WaterSourceFacts } from '@cuntu/standards';
import { idFlags, pgArray, type CheckScope } from './scope';

/**
 * The spatial and attribute facts the rules read, computed where the data is. Distances are planar in
 * each county's UTM zone (metres), the same SQL on PostGIS and on PGlite.
 */

/** Where a subject sits in the region hierarchy, for storing and summarising its results. */
export interface Placement {
  countyCode: string;
  townCode: string | null;
  villageCode: string | null;
}

const SEARCH_M = 20_000;
/** Candidates taken by index order (degrees) before measuring exactly in metres. */
const NEAREST_CANDIDATES = 8;

/**
 * Distance in metres (in the county's UTM zone) from `target` to the nearest road among `ids`: the GiST
 * index proposes the nearest candidates, the exact distance decides among them.
 */
const nearestRoadM = (target: SQL, srid: SQL, ids: number[]) => sql`(
  SELECT min(ST_Distance(c.geom::geography, (${target})::geography, false)) FROM (
    SELECT r.geom FROM roads r WHERE coalesce((${idFlags(ids)}::boolean[])[r.id], false) ORDER BY r.geom <-> ${target} LIMIT ${NEAREST_CANDIDATES}
  ) c)`;

/** The scoped counties with their UTM zone (EPSG:326xx) and their outline, as a CTE. */
const countiesCte = (scope: CheckScope) => sql`
  scope AS (
    SELECT code, boundary, 32600 + floor((ST_X(ST_Centroid(boundary)) + 180) / 6)::int + 1 AS srid
    FROM counties WHERE code = ANY(${pgArray(scope.countyCodes)}::text[])
  )`;

/** `AND <column> = ANY(villages)` when the scope names villages; nothing otherwise. */
const villageFilter = (scope: CheckScope, column: SQL) =>
  scope.villageCodes ? sql`AND ${column} = ANY(${pgArray(scope.villageCodes)}::text[])` : sql``;

/**
 * Villages per statement for the heavy per-group queries on PGlite, which runs each statement on the
 * event loop's thread: a county at once held every other request for seconds.
 */
const VILLAGES_PER_STATEMENT = 20;

export function createFactsRepo(database: Database) {
  const rows = <T>(query: SQL) => database.rows<T>(query);

  /** A county-wide query run for a few villages at a time on PGlite (in village-code order), at once on a server. */
  async function byVillages<T>(scope: CheckScope, run: (scope: CheckScope) => Promise<T[]>): Promise<T[]> {
    if (database.driver !== 'pglite' || scope.villageCodes) return run(scope);
    const codes = (await rows<{ code: string }>(sql`
      SELECT v.code FROM villages v JOIN towns t ON t.code = v.town_code WHERE t.county_code = ANY(${pgArray(scope.countyCodes)}::text[]) ORDER BY v.code`)).map((r) => r.code);
    const all: T[] = [];
    for (let from = 0; from < codes.length; from += VILLAGES_PER_STATEMENT) {
      all.push(...(await run({ ...scope, villageCodes: codes.slice(from, from + VILLAGES_PER_STATEMENT) })));
      await setImmediate();
    }
    return all;
  }

  return {
    /** Every road segment of the scoped counties (connectivity needs the whole network, not just the scope). */
    async roads(scope: CheckScope): Promise<Array<RoadFacts & Placement & { roadClass: string; inScope: boolean }>> {
      return rows(sql`
        SELECT r.id, r.surface, r.width_m AS "widthM", r.exemption, r.road_class AS "roadClass", r.county_code AS "countyCode",
               t.code AS "townCode", r.village_code AS "villageCode",
               ${scope.villageCodes ? sql`(coalesce(r.village_code = ANY(${pgArray(scope.villageCodes)}::text[]), false) OR r.id = ANY(${pgArray(scope.roadIds ?? [])}::int[]))` : sql`true`} AS "inScope"
        FROM roads r LEFT JOIN villages v ON v.code = r.village_code LEFT JOIN towns t ON t.code = v.town_code
        WHERE r.county_code = ANY(${pgArray(scope.countyCodes)}::text[]) ORDER BY r.id`);
    },

    /**
     * The road network's connectivity: segments (of `maybeIds`: passing or unknown) are joined when within
     * `snapM` of each other; a cluster is connected to the outside when it holds a trunk road or reaches the
     * county edge. Returns the passing segments connected to the outside through passing segments only, and
     * the segments connected when unknown ones may count too.
     */
    async networkReach(scope: CheckScope, passIds: number[], maybeIds: number[], snapM: number): Promise<{ connectedIds: number[]; possibleIds: number[] }> {
      const result = await rows<{ id: number; connected: boolean; possible: boolean }>(sql`
        WITH ${countiesCte(scope)},
        edges AS (SELECT code, srid, ST_Transform(ST_Boundary(boundary), srid) AS edge FROM scope),
        seg AS (
          SELECT r.id, r.county_code, r.road_class, ST_Transform(r.geom, e.srid) AS g, e.edge,
                 r.id = ANY(${pgArray(passIds)}::int[]) AS passing
          FROM roads r JOIN edges e ON e.code = r.county_code
          WHERE r.id = ANY(${pgArray(maybeIds)}::int[])
        ),
        clustered AS (
          SELECT id, county_code, road_class, passing, (road_class = 'trunk' OR ST_DWithin(g, edge, ${snapM})) AS exits,
                 ST_ClusterDBSCAN(g, eps := ${snapM}, minpoints := 1) OVER (PARTITION BY county_code) AS c_any,
                 ST_ClusterDBSCAN(g, eps := ${snapM}, minpoints := 1) OVER (PARTITION BY county_code, passing) AS c_pass
          FROM seg
        ),
        any_out AS (SELECT county_code, c_any FROM clustered GROUP BY county_code, c_any HAVING bool_or(exits)),
        pass_out AS (SELECT county_code, c_pass FROM clustered WHERE passing GROUP BY county_code, c_pass HAVING bool_or(exits))
        SELECT c.id, (po.c_pass IS NOT NULL) AS connected, (ao.c_any IS NOT NULL) AS possible
        FROM clustered c
        LEFT JOIN pass_out po ON c.passing AND po.county_code = c.county_code AND po.c_pass = c.c_pass
        LEFT JOIN any_out ao ON ao.county_code = c.county_code AND ao.c_any = c.c_any`);
      return { connectedIds: result.filter((r) => r.connected).map((r) => r.id), possibleIds: result.filter((r) => r.possible).map((r) => r.id) };
    },

    /**
     * 通村 facts per village: distances (m) from the committee (or settlement outline) to the nearest
     * connected passing segment, possibly connected segment, and passing segment of any kind (a stub).
     */
    async routes(scope: CheckScope, ids: { connectedIds: number[]; possibleIds: number[]; passIds: number[] }) {
      return rows<{ code: string; connectedM: number | null; possibleM: number | null; nearestHardenedM: number | null }>(sql`
        WITH ${countiesCte(scope)},
        vt AS (
          SELECT v.code, s.srid, CASE WHEN v.settlement IS NULL THEN v.committee ELSE ST_Collect(v.committee, v.settlement) END AS target
          FROM villages v JOIN towns t ON t.code = v.town_code JOIN scope s ON s.code = t.county_code
          WHERE true ${villageFilter(scope, sql`v.code`)}
        )
        SELECT vt.code,
          ${nearestRoadM(sql`vt.target`, sql`vt.srid`, ids.connectedIds)} AS "connectedM",
          ${nearestRoadM(sql`vt.target`, sql`vt.srid`, ids.possibleIds)} AS "possibleM",
          ${nearestRoadM(sql`vt.target`, sql`vt.srid`, ids.passIds)} AS "nearestHardenedM"
        FROM vt ORDER BY vt.code`);
    },

    /** Natural villages with the distance (m) to the nearest passing (and possibly passing) segment. */
    async groups(scope: CheckScope, passIds: number[], maybeIds: number[]): Promise<Array<GroupFacts & Placement>> {
      return byVillages(scope, (scope) => rows(sql`
        WITH ${countiesCte(scope)}
        SELECT g.code, g.name, g.households, t.county_code AS "countyCode", t.code AS "townCode", g.village_code AS "villageCode",
          ${nearestRoadM(sql`g.settlement`, sql`s.srid`, passIds)} AS "hardenedM",
          ${nearestRoadM(sql`g.settlement`, sql`s.srid`, maybeIds)} AS "possibleM"
        FROM village_groups g JOIN villages v ON v.code = g.village_code JOIN towns t ON t.code = v.town_code JOIN scope s ON s.code = t.county_code
        WHERE true ${villageFilter(scope, sql`g.village_code`)}
        ORDER BY g.code`));
    },

    /**
     * Village attributes (the statistics of `year`, the one the as-of date falls in: a village without
     * figures for it has none, never an older year's; clinic, cultural centre) and bus-stop distances (km).
     */
    async villages(scope: CheckScope, year: number) {
      return rows<{
        code: string; name: string; townCode: string; countyCode: string; statisticsId: number | null; population: number | null; notLiftedPeople: number | null;
        powerCoveragePct: number | null; tvCoveragePct: number | null; broadbandFibre: boolean | null; broadbandMbps: number | null;
        clinicId: number | null; clinicAreaM2: number | null; clinicRooms: string[] | null; clinicStaff: number | null; licensedDoctors: number | null;
        cultureId: number | null; cultureItems: string[] | null; servicedKm: number | null; unrecordedKm: number | null;
      }>(sql`
        WITH ${countiesCte(scope)},
        vt AS (
          SELECT v.code, v.name, v.town_code, t.county_code, ST_Transform(v.committee, s.srid) AS p, s.srid
          FROM villages v JOIN towns t ON t.code = v.town_code JOIN scope s ON s.code = t.county_code
          WHERE true ${villageFilter(scope, sql`v.code`)}
        ),
        stats AS (
          SELECT * FROM village_stats WHERE year = ${year} AND village_code IN (SELECT code FROM vt)
        ),
        clinic AS (
          SELECT DISTINCT ON (village_code) * FROM village_facilities WHERE kind = 'clinic' AND village_code IN (SELECT code FROM vt) ORDER BY village_code, id
        ),
        culture AS (
          SELECT DISTINCT ON (village_code) * FROM village_facilities WHERE kind = 'cultural_centre' AND village_code IN (SELECT code FROM vt) ORDER BY village_code, id
        ),
        stops AS (
          SELECT s.code AS county_code, f.has_bus_service, ST_Transform(f.location, s.srid) AS p
          FROM village_facilities f JOIN scope s ON ST_Intersects(f.location, ST_Expand(s.boundary, 0.3))
          WHERE f.kind = 'bus_stop'
        )
        SELECT vt.code, vt.name, vt.town_code AS "townCode", vt.county_code AS "countyCode",
          st.id AS "statisticsId", st.population, st.not_lifted_people AS "notLiftedPeople", st.power_coverage_pct AS "powerCoveragePct", st.tv_coverage_pct AS "tvCoveragePct",
          st.broadband_fibre AS "broadbandFibre", st.broadband_mbps AS "broadbandMbps",
          c.id AS "clinicId", c.clinic_area_m2 AS "clinicAreaM2", c.clinic_rooms AS "clinicRooms", c.clinic_staff AS "clinicStaff", c.licensed_doctors AS "licensedDoctors",
          cc.id AS "cultureId", cc.culture_items AS "cultureItems",
          (SELECT min(ST_Distance(b.p, vt.p)) / 1000 FROM stops b WHERE b.county_code = vt.county_code AND b.has_bus_service IS TRUE AND ST_DWithin(b.p, vt.p, ${SEARCH_M})) AS "servicedKm",
          (SELECT min(ST_Distance(b.p, vt.p)) / 1000 FROM stops b WHERE b.county_code = vt.county_code AND b.has_bus_service IS NULL AND ST_DWithin(b.p, vt.p, ${SEARCH_M})) AS "unrecordedKm"
        FROM vt LEFT JOIN stats st ON st.village_code = vt.code LEFT JOIN clinic c ON c.village_code = vt.code LEFT JOIN culture cc ON cc.village_code = vt.code
        ORDER BY vt.code`);
    },

    /** Which sources serve which natural village: by assignment, or by a service area containing it. */
    async groupSources(scope: CheckScope) {
      return rows<{ groupCode: string; sourceId: number }>(sql`
        WITH gs AS (
          SELECT g.code, g.settlement FROM village_groups g JOIN villages v ON v.code = g.village_code JOIN towns t ON t.code = v.town_code
          WHERE t.county_code = ANY(${pgArray(scope.countyCodes)}::text[]) ${villageFilter(scope, sql`g.village_code`)}
        )
        SELECT a.group_code AS "groupCode", a.source_id AS "sourceId" FROM water_source_groups a WHERE a.group_code IN (SELECT code FROM gs)
        UNION
        SELECT gs.code, w.id FROM gs JOIN water_sources w ON w.service_area IS NOT NULL AND ST_Contains(w.service_area, gs.settlement)
        ORDER BY 1, 2`);
    },

    /**
     * Water sources with their latest quality test taken on or before `asOf` (a later test is no evidence
     * for that date): those of the counties and those named, wherever they lie.
     */
    async waterSources(which: { countyCodes?: string[]; ids?: number[] }, asOf?: string): Promise<Array<WaterSourceFacts & Placement>> {
      const list = await rows<WaterSourceFacts & Placement & { testOn: string | null; meetsGb5749: boolean | null; meetsRuralCriteria: boolean | null }>(sql`
        SELECT w.id, w.name, w.region_type AS "regionType", w.daily_capacity_m3 AS "dailyCapacityM3", w.population_served AS "populationServed",
          w.piped_to_yard AS "pipedToYard", w.fetch_minutes AS "fetchMinutes", w.reliability_pct AS "reliabilityPct",
          w.county_code AS "countyCode", NULL AS "townCode", NULL AS "villageCode",
          to_char(lt.sampled_on, 'YYYY-MM-DD') AS "testOn", lt.meets_gb5749 AS "meetsGb5749", lt.meets_rural_criteria AS "meetsRuralCriteria"
        FROM water_sources w
        LEFT JOIN LATERAL (
          SELECT * FROM water_tests t WHERE t.source_id = w.id ${asOf ? sql`AND t.sampled_on <= ${asOf}::date` : sql``}
          ORDER BY t.sampled_on DESC, t.id DESC LIMIT 1) lt ON true
        WHERE w.id IN (SELECT id FROM water_sources WHERE county_code = ANY(${pgArray(which.countyCodes ?? [])}::text[]) UNION SELECT unnest(${pgArray(which.ids ?? [])}::int[]))
        ORDER BY w.id`);
      return list.map(({ testOn, meetsGb5749, meetsRuralCriteria, ...s }) => ({
        ...s, latestTest: testOn ? { sampledOn: testOn, meetsGb5749, meetsRuralCriteria } : null,
      }));
    },

    async houses(scope: CheckScope): Promise<Array<HouseFacts & Placement>> {
      return rows(sql`
        SELECT h.id, h.safety_rating AS "safetyRating", h.priority_group AS "priorityGroup", h.renovation_path AS "renovationPath",
          h.renovation_status AS "renovationStatus", h.household_size AS "householdSize", h.rebuilt_area_m2 AS "rebuiltAreaM2",
          h.old_demolished AS "oldDemolished", t.county_code AS "countyCode", t.code AS "townCode", h.village_code AS "villageCode"
        FROM houses h JOIN villages v ON v.code = h.village_code JOIN towns t ON t.code = v.town_code
        WHERE t.county_code = ANY(${pgArray(scope.countyCodes)}::text[]) ${villageFilter(scope, sql`h.village_code`)}
        ORDER BY h.id`);
    },

    /** Relocation sites with the distance (km) to the nearest school and clinic. */
    async relocationSites(scope: CheckScope): Promise<Array<RelocationSiteFacts & Placement>> {
      return rows(sql`
        WITH ${countiesCte(scope)},
        services AS (
          SELECT f.kind, s.code AS county_code, ST_Transform(f.location, s.srid) AS p
          FROM village_facilities f JOIN scope s ON ST_Intersects(f.location, ST_Expand(s.boundary, 0.3))
          WHERE f.kind IN ('school', 'clinic')
        ),
        sites AS (
          SELECT r.*, ST_Transform(r.location, s.srid) AS p, v.town_code
          FROM relocation_sites r JOIN scope s ON s.code = r.county_code LEFT JOIN villages v ON v.code = r.village_code
          WHERE ${scope.villageCodes
            ? sql`(coalesce(r.village_code = ANY(${pgArray(scope.villageCodes)}::text[]), false) OR r.id = ANY(${pgArray(scope.siteIds ?? [])}::int[]))`
            : sql`true`}
        )
        SELECT r.id, r.name, r.area_per_person_m2 AS "areaPerPersonM2", r.self_funding_per_person_yuan AS "selfFundingPerPersonYuan",
          r.self_funding_max_household_yuan AS "selfFundingMaxHouseholdYuan", r.old_homes_total AS "oldHomesTotal",
          r.old_homes_demolished AS "oldHomesDemolished", r.labour_households AS "labourHouseholds", r.employed_households AS "employedHouseholds",
          r.county_code AS "countyCode", r.town_code AS "townCode", r.village_code AS "villageCode",
          (SELECT min(ST_Distance(x.p, r.p)) / 1000 FROM services x WHERE x.kind = 'school' AND x.county_code = r.county_code AND ST_DWithin(x.p, r.p, 500000)) AS "nearestSchoolKm",
          (SELECT min(ST_Distance(x.p, r.p)) / 1000 FROM services x WHERE x.kind = 'clinic' AND x.county_code = r.county_code AND ST_DWithin(x.p, r.p, 500000)) AS "nearestClinicKm"
        FROM sites r ORDER BY r.id`);
    },
  };
}

export type FactsRepo = ReturnType<typeof createFactsRepo>;
export type { Thresholds };

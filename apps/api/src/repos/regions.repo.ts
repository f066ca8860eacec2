import { and, asc, eq, sql, type AnyColumn } from 'drizzle-orm';
import { asGeoJson, codeInRegionSql, counties, pgArray, towns, villages, villageGroups, type Database } from '@cuntu/db';
import { regionAt, type FeatureCollection, type RegionLevel } from '@cuntu/domain';

/** Reads of the region hierarchy as GeoJSON. */
export function createRegionsRepo(database: Database) {
  const { db } = database;
  return {
    /** The villages whose committee lies in a box [minLon, minLat, maxLon, maxLat] (a map view). */
    async villageCodesIn([minLon, minLat, maxLon, maxLat]: [number, number, number, number]): Promise<string[]> {
      const rows = await database.rows<{ code: string }>(sql`SELECT code FROM villages WHERE committee && ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326)`);
      return rows.map((r) => r.code);
    },

    /**
     * The smallest region holding every county of the deployment (its county, prefecture or province),
     * or null when they lie in several provinces (or there are none).
     */
    async deploymentRegion(): Promise<string | null> {
      const [span] = await database.rows<{ first: string | null; last: string | null }>(sql`SELECT min(code) AS first, max(code) AS last FROM counties`);
      if (!span.first || !span.last) return null;
      for (const level of ['county', 'prefecture', 'province'] as const) {
        if (regionAt(span.first, level) === regionAt(span.last, level)) return regionAt(span.first, level);
      }
      return null;
    },

    /** The names the deployment knows for regions by code (counties, towns, villages; prefectures by their counties). */
    async namesOf(codes: string[]): Promise<Map<string, string>> {
      const found = await database.rows<{ code: string; name: string }>(sql`
        SELECT code, name FROM counties WHERE code = ANY(${pgArray(codes)}::text[])
        UNION ALL SELECT code, name FROM towns WHERE code = ANY(${pgArray(codes)}::text[])
        UNION ALL SELECT code, name FROM villages WHERE code = ANY(${pgArray(codes)}::text[])
        UNION ALL SELECT DISTINCT prefecture_code, prefecture_name FROM counties WHERE prefecture_code = ANY(${pgArray(codes)}::text[]) AND prefecture_name IS NOT NULL`);
      return new Map(found.map((r) => [r.code, r.name]));
    },

    /** The codes of the counties a region (a division code) lies in or covers. */
    async countyCodes(region: string): Promise<string[]> {
      const rows = await db.select({ code: counties.code }).from(counties).where(within(counties.code, region, 'county')).orderBy(asc(counties.code));
      return rows.map((r) => r.code);
    },

    /** The counties, or those a region (a division code) lies in or covers. */
    async listCounties(region: string | null = null) {
      const rows = await db
        .select({ code: counties.code, name: counties.name, isSample: counties.isSample, geometry: asGeoJson(counties.boundary) })
        .from(counties)
        .where(within(counties.code, region, 'county'))
        .orderBy(asc(counties.code));
      return collection(rows.map(({ geometry, ...p }) => ({ id: p.code, geometry, properties: p })));
    },

    async listTowns(countyCode?: string, region: string | null = null) {
      const rows = await db
        .select({
          code: towns.code, name: towns.name, kind: towns.kind, countyCode: towns.countyCode,
          seat: sql<[number, number] | null>`(ST_AsGeoJSON(${towns.seat}, 6)::json)->'coordinates'`,
          geometry: asGeoJson(towns.boundary),
        })
        .from(towns)
        .where(and(countyCode ? eq(towns.countyCode, countyCode) : undefined, within(towns.code, region, 'town')))
        .orderBy(asc(towns.code));
      return collection(rows.map(({ geometry, ...p }) => ({ id: p.code, geometry, properties: p })));
    },

    /** Villages as committee points (or outlines with `shape: 'boundary'`), with their group count. */
    async listVillages(options: { townCode?: string; shape?: 'committee' | 'boundary'; region?: string | null } = {}) {
      const shape = options.shape === 'boundary' ? villages.boundary : villages.committee;
      const rows = await db
        .select({
          code: villages.code, name: villages.name, kind: villages.kind, townCode: villages.townCode, townName: towns.name,
          groups: sql<number>`(SELECT count(*)::int FROM ${villageGroups} g WHERE g.village_code = ${villages.code})`,
          geometry: asGeoJson(shape),
        })
        .from(villages)
        .innerJoin(towns, eq(towns.code, villages.townCode))
        .where(and(options.townCode ? eq(villages.townCode, options.townCode) : undefined, within(villages.code, options.region ?? null, 'village')))
        .orderBy(asc(villages.code));
      return collection(rows.map(({ geometry, ...p }) => ({ id: p.code, geometry, properties: p })));
    },
  };
}

/** Regions of one level in or around `region`: those in it, or the one of that level holding it (a town reader's county). */
function within(code: AnyColumn, region: string | null, level: RegionLevel) {
  return region === null ? undefined : codeInRegionSql(code, regionAt(region, level));
}

function collection<P>(features: Array<{ id: string; geometry: FeatureCollection['features'][number]['geometry']; properties: P }>): FeatureCollection<P> {
  return { type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) };
}

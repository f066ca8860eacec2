import { and, asc, eq, sql, type AnyColumn } from 'drizzle-orm';
import { asGeoJson, counties, towns, villages, villageGroups, type Database } from '@cuntu/db';
import { regionPrefixOf, type FeatureCollection } from '@cuntu/domain';

/** Reads of the region hierarchy as GeoJSON. */
export function createRegionsRepo(database: Database) {
  const { db } = database;
  return {
    /** The villages whose committee lies in a box [minLon, minLat, maxLon, maxLat] (a map view). */
    async villageCodesIn([minLon, minLat, maxLon, maxLat]: [number, number, number, number]): Promise<string[]> {
      const rows = await database.rows<{ code: string }>(sql`SELECT code FROM villages WHERE committee && ST_MakeEnvelope(${minLon}, ${minLat}, ${maxLon}, ${maxLat}, 4326)`);
      return rows.map((r) => r.code);
    },

    /** The counties, or those a region (a division code) lies in or covers. */
    async listCounties(region: string | null = null) {
      const rows = await db
        .select({ code: counties.code, name: counties.name, isSample: counties.isSample, geometry: asGeoJson(counties.boundary) })
        .from(counties)
        .where(within(counties.code, region, 6))
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
        .where(and(countyCode ? eq(towns.countyCode, countyCode) : undefined, within(towns.code, region, 9)))
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
        .where(and(options.townCode ? eq(villages.townCode, options.townCode) : undefined, within(villages.code, options.region ?? null, 12)))
        .orderBy(asc(villages.code));
      return collection(rows.map(({ geometry, ...p }) => ({ id: p.code, geometry, properties: p })));
    },
  };
}

/** Regions of one level (`digits`: 6 counties, 9 towns, 12 villages) in or around `region`: those sharing its leading digits. */
function within(code: AnyColumn, region: string | null, digits: number) {
  return region === null ? undefined : sql`${code} LIKE ${`${regionPrefixOf(region).slice(0, digits)}%`}`;
}

function collection<P>(features: Array<{ id: string; geometry: FeatureCollection['features'][number]['geometry']; properties: P }>): FeatureCollection<P> {
  return { type: 'FeatureCollection', features: features.map((f) => ({ type: 'Feature', ...f })) };
}

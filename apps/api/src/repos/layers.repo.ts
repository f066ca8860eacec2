import { count, getTableColumns, asc, type AnyColumn } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { asGeoJson, houses, relocationSites, roads, villageFacilities, villageGroups, villages, waterSources, type Database } from '@cuntu/db';
import type { FeatureCollection, LayerId } from '@cuntu/domain';

interface LayerTable {
  table: PgTable;
  id: AnyColumn;
  geometry: AnyColumn;
  /** Columns never returned by these read endpoints (personal data, the raw geometry columns). */
  hidden: string[];
}

const LAYER_TABLES: Record<LayerId, LayerTable> = {
  villages: { table: villages, id: villages.code, geometry: villages.committee, hidden: ['committee', 'boundary', 'settlement'] },
  groups: { table: villageGroups, id: villageGroups.code, geometry: villageGroups.settlement, hidden: ['settlement'] },
  roads: { table: roads, id: roads.id, geometry: roads.geom, hidden: ['geom'] },
  facilities: { table: villageFacilities, id: villageFacilities.id, geometry: villageFacilities.location, hidden: ['location'] },
  water_sources: { table: waterSources, id: waterSources.id, geometry: waterSources.location, hidden: ['location', 'serviceArea'] },
  houses: { table: houses, id: houses.id, geometry: houses.location, hidden: ['location', 'headName', 'headIdNumber', 'headPhone'] },
  relocation_sites: { table: relocationSites, id: relocationSites.id, geometry: relocationSites.location, hidden: ['location', 'footprint'] },
};

export const isLayerId = (value: string): value is LayerId => Object.hasOwn(LAYER_TABLES, value);

/** Counts and pages of each layer's features; no personal data leaves through here. */
export function createLayersRepo(database: Database) {
  const { db } = database;
  return {
    async countAll(): Promise<Array<{ layer: LayerId; count: number }>> {
      const result = [];
      for (const [layer, { table }] of Object.entries(LAYER_TABLES) as Array<[LayerId, LayerTable]>) {
        const [row] = await db.select({ n: count() }).from(table);
        result.push({ layer, count: row.n });
      }
      return result;
    },

    async page(layer: LayerId, limit: number, offset: number): Promise<{ total: number; features: FeatureCollection }> {
      const { table, id, geometry, hidden } = LAYER_TABLES[layer];
      const columns = Object.fromEntries(Object.entries(getTableColumns(table)).filter(([name]) => !hidden.includes(name)));
      const [{ n }] = await db.select({ n: count() }).from(table);
      const rows = await db
        .select({ ...columns, geometry: asGeoJson(geometry) })
        .from(table)
        .orderBy(asc(id))
        .limit(limit)
        .offset(offset);
      const features = rows.map(({ geometry: g, ...properties }) => ({
        type: 'Feature' as const,
        id: (properties as Record<string, unknown>)[id.name === 'code' ? 'code' : 'id'] as string | number,
        geometry: g,
        properties,
      }));
      return { total: n, features: { type: 'FeatureCollection', features } };
    },
  };
}

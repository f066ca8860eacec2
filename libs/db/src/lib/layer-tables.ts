import { getTableColumns, type AnyColumn } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { houses, relocationSites, roads, villageFacilities, villageGroups, villages, waterSources } from './schema/index';
import type { LayerId } from '@cuntu/domain';

/** How a layer is stored (one table for the features API, tiles, import and export): its table, key, editable geometry column and the GeoJSON type that goes in it. */
export interface LayerTable {
  table: PgTable;
  /** The key column and the property that holds it. */
  id: AnyColumn;
  idProperty: 'id' | 'code';
  idKind: 'serial' | 'code';
  geometry: AnyColumn;
  geometryProperty: string;
  geometryType: 'Point' | 'LineString';
  /** Columns never shown as properties (secondary geometries). */
  hidden: string[];
  /** The property naming the county, filled from the geometry when missing. */
  countyProperty?: 'countyCode';
  /** The subject type of its check results. */
  subjectType: string | null;
}

export const LAYER_TABLES: Record<LayerId, LayerTable> = {
  villages: { table: villages, id: villages.code, idProperty: 'code', idKind: 'code', geometry: villages.committee, geometryProperty: 'committee', geometryType: 'Point', hidden: ['boundary', 'settlement'], subjectType: 'village' },
  groups: { table: villageGroups, id: villageGroups.code, idProperty: 'code', idKind: 'code', geometry: villageGroups.settlement, geometryProperty: 'settlement', geometryType: 'Point', hidden: [], subjectType: 'group' },
  roads: { table: roads, id: roads.id, idProperty: 'id', idKind: 'serial', geometry: roads.geom, geometryProperty: 'geom', geometryType: 'LineString', hidden: [], countyProperty: 'countyCode', subjectType: 'road' },
  facilities: { table: villageFacilities, id: villageFacilities.id, idProperty: 'id', idKind: 'serial', geometry: villageFacilities.location, geometryProperty: 'location', geometryType: 'Point', hidden: [], subjectType: null },
  water_sources: { table: waterSources, id: waterSources.id, idProperty: 'id', idKind: 'serial', geometry: waterSources.location, geometryProperty: 'location', geometryType: 'Point', hidden: ['serviceArea'], countyProperty: 'countyCode', subjectType: 'water_source' },
  houses: { table: houses, id: houses.id, idProperty: 'id', idKind: 'serial', geometry: houses.location, geometryProperty: 'location', geometryType: 'Point', hidden: [], subjectType: 'house' },
  relocation_sites: { table: relocationSites, id: relocationSites.id, idProperty: 'id', idKind: 'serial', geometry: relocationSites.location, geometryProperty: 'location', geometryType: 'Point', hidden: ['footprint'], countyProperty: 'countyCode', subjectType: 'relocation_site' },
};

export const isLayerId = (value: string): value is LayerId => Object.hasOwn(LAYER_TABLES, value);

const columnsByLayer = new Map<LayerId, Readonly<Record<string, AnyColumn>>>();

/** The property columns of a layer (everything except geometry columns), keyed by property name; computed once per layer. */
export function propertyColumns(layer: LayerId): Readonly<Record<string, AnyColumn>> {
  let columns = columnsByLayer.get(layer);
  if (!columns) {
    const { table, geometryProperty, hidden } = LAYER_TABLES[layer];
    columns = Object.freeze(Object.fromEntries(Object.entries(getTableColumns(table)).filter(([name]) => name !== geometryProperty && !hidden.includes(name))) as Record<string, AnyColumn>);
    columnsByLayer.set(layer, columns);
  }
  return columns;
}

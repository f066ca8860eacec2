import { getTableColumns, type AnyColumn } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { houses, povertyAssets, relocationSites, roads, towns, villageFacilities, villageGroups, villages, waterSources } from './schema/index';
import { LAYERS, LAYER_IDS, verdictSubjectOf, type LayerDefinition, type LayerId, type RuleSubject } from '@cuntu/domain';

/** The table each layer is stored in: the one storage fact a layer's definition (`@cuntu/domain`) does not hold. */
const TABLE_OF: Record<LayerId, PgTable> = {
  towns, villages, groups: villageGroups, roads, facilities: villageFacilities, water_sources: waterSources, houses, relocation_sites: relocationSites, assets: povertyAssets,
};

/** How a layer is stored (one table for the features API, tiles, import, export and the checks' reads): derived from its definition and its table. */
export interface LayerTable {
  table: PgTable;
  /** The key column and the property that holds it. */
  id: AnyColumn;
  idProperty: 'id' | 'code';
  idKind: 'serial' | 'code';
  geometry: AnyColumn;
  geometryProperty: string;
  geometryType: LayerDefinition['geometry'];
  /** Columns never shown as properties (the table's other geometries). */
  hidden: string[];
  /** The columns placing a feature in the region hierarchy, finest first (the definition's `regionProperties`). */
  region: AnyColumn[];
  /** The property naming the county, filled from the geometry when missing. */
  countyProperty?: 'countyCode';
  /** The subject type of its own check results, or null when it has none. */
  subjectType: RuleSubject | null;
  /** The column that names a feature for people. */
  label: AnyColumn;
  /** Whose verdicts its features carry and the column naming that subject (its key, or e.g. a facility's village), or null. */
  verdicts: { subject: RuleSubject; column: AnyColumn; rules: readonly string[] | null } | null;
}

const isGeometryColumn = (column: AnyColumn) => column.getSQLType().startsWith('geometry');

function layerTable(layer: LayerId): LayerTable {
  const def: LayerDefinition = LAYERS[layer];
  const table = TABLE_OF[layer];
  const columns = getTableColumns(table) as Record<string, AnyColumn>;
  const column = (property: string) => {
    const c = columns[property];
    if (!c) throw new Error(`The ${layer} layer names the property ${property}, which its table has no column for`);
    return c;
  };
  const carried = verdictSubjectOf(layer);
  return {
    table,
    id: column(def.key),
    idProperty: def.key,
    idKind: def.key === 'code' ? 'code' : 'serial',
    geometry: column(def.geometryProperty),
    geometryProperty: def.geometryProperty,
    geometryType: def.geometry,
    hidden: Object.entries(columns).filter(([name, c]) => name !== def.geometryProperty && isGeometryColumn(c)).map(([name]) => name),
    region: def.regionProperties.map(column),
    countyProperty: def.countyProperty,
    subjectType: carried && carried.rules === null ? carried.subject : null,
    label: column(def.labelProperty),
    verdicts: carried && { subject: carried.subject, column: column(carried.via), rules: carried.rules },
  };
}

export const LAYER_TABLES = Object.fromEntries(LAYER_IDS.map((id) => [id, layerTable(id)])) as Record<LayerId, LayerTable>;

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

import { describe, expect, it } from 'vitest';
import { getTableName } from 'drizzle-orm';
import { LAYERS, LAYER_IDS, type LayerDefinition } from '@cuntu/domain';
import { LAYER_TABLES, propertyColumns } from './layer-tables';

describe('each layer as stored', () => {
  it('has a column for every property its definition accepts, and its key is the primary key', () => {
    for (const layer of LAYER_IDS) {
      const def: LayerDefinition = LAYERS[layer];
      const columns = propertyColumns(layer);
      for (const property of Object.keys(def.properties.shape)) expect(columns[property], `${layer}.${property}`).toBeDefined();
      expect(LAYER_TABLES[layer].id.primary, `${layer} key`).toBe(true);
    }
  });

  it('stores the editable geometry of the definition, and hides the table\'s other geometries', () => {
    for (const layer of LAYER_IDS) {
      const t = LAYER_TABLES[layer];
      expect(t.geometry.getSQLType(), layer).toBe(`geometry(${LAYERS[layer].geometry},4326)`);
      expect(Object.keys(propertyColumns(layer)).some((name) => name === t.geometryProperty || t.hidden.includes(name))).toBe(false);
    }
    expect(LAYER_TABLES.villages.hidden.sort()).toEqual(['boundary', 'settlement']);
    expect(LAYER_TABLES.relocation_sites.hidden).toEqual(['footprint']);
  });

  it('names whose verdicts a feature carries: its own key, or the column naming its village', () => {
    expect(getTableName(LAYER_TABLES.roads.table)).toBe('roads');
    expect(LAYER_TABLES.roads.verdicts).toMatchObject({ subject: 'road', rules: null });
    expect(LAYER_TABLES.roads.verdicts!.column.name).toBe('id');
    expect(LAYER_TABLES.facilities.subjectType).toBeNull();
    expect(LAYER_TABLES.facilities.verdicts!.subject).toBe('village');
    expect(LAYER_TABLES.facilities.verdicts!.column.name).toBe('village_code');
    expect(LAYER_TABLES.houses.label.name).toBe('external_id');
  });
});

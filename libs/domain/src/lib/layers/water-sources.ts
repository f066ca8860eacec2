import { z } from 'zod';
import { WATER_REGION_TYPES, WATER_SOURCE_KINDS } from '../enums';
import { code, count, defineLayer, optional, text } from './define';

/** 水源与供水工程: water sources and supply works, with the natural villages they serve. */
export const waterSourcesLayer = defineLayer({
  team: 'water', geometry: 'Point', geometryProperty: 'location', key: 'id', labelProperty: 'name', countyProperty: 'countyCode', regionProperties: ['countyCode'],
  verdicts: { subject: 'water_source' },
  properties: z.object({
    externalId: optional(text(100)), countyCode: optional(code(12)), name: text(), kind: z.enum(WATER_SOURCE_KINDS),
    regionType: optional(z.enum(WATER_REGION_TYPES)), dailyCapacityM3: optional(z.number().min(0).max(10_000_000)),
    populationServed: optional(count), pipedToYard: optional(z.boolean()), fetchMinutes: optional(z.number().min(0).max(1440)),
    reliabilityPct: optional(z.number().min(0).max(100)),
  }).strict(),
  list: ['name', 'kind', 'dailyCapacityM3', 'populationServed', 'pipedToYard', 'reliabilityPct'],
  map: { planner: true, shownAtStart: true },
});

import { z } from 'zod';
import { RELOCATION_KINDS } from '../enums';
import { code, count, defineLayer, optional, text } from './define';

/** 易地搬迁安置点: relocation sites, judged against the area and self-funding red lines. */
export const relocationSitesLayer = defineLayer({
  team: 'housing', geometry: 'Point', geometryProperty: 'location', key: 'id', labelProperty: 'name', countyProperty: 'countyCode', regionProperties: ['villageCode', 'countyCode'],
  verdicts: { subject: 'relocation_site' },
  properties: z.object({
    externalId: optional(text(100)), countyCode: optional(code(12)), villageCode: optional(code(12)), name: text(), kind: z.enum(RELOCATION_KINDS),
    households: optional(count), people: optional(count), areaPerPersonM2: optional(z.number().positive().max(1000)),
    selfFundingPerPersonYuan: optional(z.number().min(0).max(10_000_000)), selfFundingMaxHouseholdYuan: optional(z.number().min(0).max(100_000_000)),
    oldHomesTotal: optional(count), oldHomesDemolished: optional(count), labourHouseholds: optional(count), employedHouseholds: optional(count),
  }).strict(),
  list: ['name', 'kind', 'households', 'people', 'areaPerPersonM2', 'selfFundingPerPersonYuan'],
  map: { planner: true, shownAtStart: true },
});

import { z } from 'zod';
import { ASSET_KINDS } from '../enums';
import { code, count, defineLayer, optional, text } from './define';

/**
 * 扶贫项目资产: what poverty-alleviation funds built and counties keep after the campaign — village PV
 * stations, industry projects, 扶贫车间 workshops — with what they cost, who owns them, whom they
 * benefit and what they earn. No rule judges them: no seed or national document gives a threshold.
 */
export const assetsLayer = defineLayer({
  team: 'roads', geometry: 'Point', geometryProperty: 'location', key: 'id', labelProperty: 'name', countyProperty: 'countyCode', regionProperties: ['villageCode', 'countyCode'],
  verdicts: null,
  properties: z.object({
    externalId: optional(text(100)), countyCode: optional(code(12)), villageCode: optional(code(12)), name: text(), kind: z.enum(ASSET_KINDS),
    capacityKw: optional(z.number().positive().max(1_000_000)), investmentWanYuan: optional(z.number().min(0).max(10_000_000)),
    buildYear: optional(z.number().int().min(1949).max(2100)), beneficiaryHouseholds: optional(count),
    annualIncomeWanYuan: optional(z.number().min(0).max(10_000_000)),
  }).strict(),
  list: ['name', 'kind', 'villageCode', 'capacityKw', 'investmentWanYuan', 'buildYear', 'beneficiaryHouseholds', 'annualIncomeWanYuan'],
  map: { planner: true, shownAtStart: false, properties: ['kind'] },
});

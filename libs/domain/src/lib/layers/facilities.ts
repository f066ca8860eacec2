import { z } from 'zod';
import { CLINIC_ROOMS, CULTURE_ITEMS, FACILITY_KINDS } from '../enums';
import { code, count, defineLayer, optional, text } from './define';

/** 村级设施: clinics, cultural centres, bus stops and schools; each carries its village's verdict of the rule it serves. */
export const facilitiesLayer = defineLayer({
  team: 'roads', geometry: 'Point', geometryProperty: 'location', key: 'id', labelProperty: 'name', countyProperty: 'countyCode', regionProperties: ['villageCode', 'countyCode'],
  verdicts: { carries: 'village', via: 'villageCode', rules: ['village.clinic', 'village.doctor', 'village.culture', 'village.bus'] },
  properties: z.object({
    externalId: optional(text(100)), countyCode: optional(code(12)), villageCode: optional(code(12)), kind: z.enum(FACILITY_KINDS), name: optional(text()),
    clinicAreaM2: optional(z.number().positive().max(100_000)), clinicRooms: optional(z.array(z.enum(CLINIC_ROOMS))),
    clinicStaff: optional(count), licensedDoctors: optional(count), cultureItems: optional(z.array(z.enum(CULTURE_ITEMS))),
    busLine: optional(text(100)), hasBusService: optional(z.boolean()),
  }).strict(),
  list: ['name', 'kind', 'clinicAreaM2', 'licensedDoctors', 'hasBusService'],
  map: { planner: true, shownAtStart: false, properties: ['kind', 'villageCode'] },
});

import { z } from 'zod';
import { PRIORITY_GROUPS, RENOVATION_PATHS, RENOVATION_STATUSES, SAFETY_RATINGS } from '../enums';
import { code, defineLayer, optional, text } from './define';

/** 危房: house cases with their safety rating and renovation; the household behind each is personal data. */
export const housesLayer = defineLayer({
  team: 'housing', geometry: 'Point', geometryProperty: 'location', key: 'id', labelProperty: 'externalId', regionProperties: ['villageCode'],
  verdicts: { subject: 'house' },
  properties: z.object({
    externalId: optional(text(100)), villageCode: code(12), groupCode: optional(code(15)), safetyRating: optional(z.enum(SAFETY_RATINGS)),
    priorityGroup: optional(z.enum(PRIORITY_GROUPS)), renovationPath: optional(z.enum(RENOVATION_PATHS)),
    renovationStatus: optional(z.enum(RENOVATION_STATUSES)), householdSize: optional(z.number().int().min(1).max(50)),
    rebuiltAreaM2: optional(z.number().positive().max(2000)), oldDemolished: optional(z.boolean()),
    headName: optional(text(50)), headIdNumber: optional(z.string().regex(/^\d{17}[\dX]$/, 'validation.residentId')),
    headPhone: optional(z.string().regex(/^[\d+\- ]{5,20}$/, 'validation.phone')),
    locationApproximate: optional(z.boolean()),
  }).strict(),
  locatedByVillage: true,
  personal: ['headName', 'headIdNumber', 'headPhone'],
  personalAttachments: true,
  list: ['externalId', 'safetyRating', 'renovationPath', 'renovationStatus', 'householdSize', 'oldDemolished'],
  map: { planner: true, shownAtStart: false, properties: ['locationApproximate'] },
});

import { z } from 'zod';
import {
  CLINIC_ROOMS, CULTURE_ITEMS, FACILITY_KINDS, PRIORITY_GROUPS, RELOCATION_KINDS, RENOVATION_PATHS, RENOVATION_STATUSES,
  ROAD_CLASSES, ROAD_EXEMPTIONS, ROAD_SURFACES, SAFETY_RATINGS, VILLAGE_KINDS, WATER_REGION_TYPES, WATER_SOURCE_KINDS,
} from './enums';
import type { LayerId } from './layers';

const code = (digits: number) => z.string().regex(new RegExp(`^\\d{${digits}}$`), `${digits}-digit division code`);
const count = z.number().int().min(0).max(10_000_000);
const text = (max = 200) => z.string().trim().min(1).max(max);
const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

/**
 * The editable properties of each layer, as the API accepts them (camelCase). The API validates with
 * these; forms are generated from them. Keys that identify a feature (codes) are set on create only.
 */
export const LAYER_PROPERTY_SCHEMAS = {
  villages: z.object({
    code: code(12), townCode: code(12), name: text(), kind: z.enum(VILLAGE_KINDS),
  }).strict(),
  groups: z.object({
    code: code(15), villageCode: code(12), name: text(), households: optional(count), population: optional(count),
  }).strict(),
  roads: z.object({
    externalId: optional(text(100)), countyCode: optional(code(12)), villageCode: optional(code(12)), name: optional(text()),
    roadClass: z.enum(ROAD_CLASSES), surface: optional(z.enum(ROAD_SURFACES)), widthM: optional(z.number().positive().max(100)),
    exemption: optional(z.enum(ROAD_EXEMPTIONS)), buildYear: optional(z.number().int().min(1900).max(2100)), project: optional(text(500)),
  }).strict(),
  facilities: z.object({
    externalId: optional(text(100)), villageCode: optional(code(12)), kind: z.enum(FACILITY_KINDS), name: optional(text()),
    clinicAreaM2: optional(z.number().positive().max(100_000)), clinicRooms: optional(z.array(z.enum(CLINIC_ROOMS))),
    clinicStaff: optional(count), licensedDoctors: optional(count), cultureItems: optional(z.array(z.enum(CULTURE_ITEMS))),
    busLine: optional(text(100)), hasBusService: optional(z.boolean()),
  }).strict(),
  water_sources: z.object({
    externalId: optional(text(100)), countyCode: optional(code(12)), name: text(), kind: z.enum(WATER_SOURCE_KINDS),
    regionType: optional(z.enum(WATER_REGION_TYPES)), dailyCapacityM3: optional(z.number().min(0).max(10_000_000)),
    populationServed: optional(count), pipedToYard: optional(z.boolean()), fetchMinutes: optional(z.number().min(0).max(1440)),
    reliabilityPct: optional(z.number().min(0).max(100)),
  }).strict(),
  houses: z.object({
    externalId: optional(text(100)), villageCode: code(12), groupCode: optional(code(15)), safetyRating: optional(z.enum(SAFETY_RATINGS)),
    priorityGroup: optional(z.enum(PRIORITY_GROUPS)), renovationPath: optional(z.enum(RENOVATION_PATHS)),
    renovationStatus: optional(z.enum(RENOVATION_STATUSES)), householdSize: optional(z.number().int().min(1).max(50)),
    rebuiltAreaM2: optional(z.number().positive().max(2000)), oldDemolished: optional(z.boolean()),
    headName: optional(text(50)), headIdNumber: optional(z.string().regex(/^\d{17}[\dX]$/, '18-character resident ID')),
    headPhone: optional(z.string().regex(/^[\d+\- ]{5,20}$/, 'phone number')),
  }).strict(),
  relocation_sites: z.object({
    externalId: optional(text(100)), countyCode: optional(code(12)), villageCode: optional(code(12)), name: text(), kind: z.enum(RELOCATION_KINDS),
    households: optional(count), people: optional(count), areaPerPersonM2: optional(z.number().positive().max(1000)),
    selfFundingPerPersonYuan: optional(z.number().min(0).max(10_000_000)), selfFundingMaxHouseholdYuan: optional(z.number().min(0).max(100_000_000)),
    oldHomesTotal: optional(count), oldHomesDemolished: optional(count), labourHouseholds: optional(count), employedHouseholds: optional(count),
  }).strict(),
} satisfies Record<LayerId, z.ZodObject>;

/** Household personal data: returned only to housing editors and admins. */
export const PERSONAL_DATA_FIELDS = ['headName', 'headIdNumber', 'headPhone'] as const;

/** Properties that identify a feature and cannot change after creation. */
export const IMMUTABLE_FIELDS: Partial<Record<LayerId, string[]>> = { villages: ['code'], groups: ['code'] };

/** The values an enum property of a layer accepts (e.g. roads' `surface`), or null when it is not an enum. */
export function propertyOptions(layer: LayerId, property: string): readonly string[] | null {
  type Inner = { options?: readonly string[]; unwrap?: () => Inner; element?: Inner } | undefined;
  let schema = (LAYER_PROPERTY_SCHEMAS[layer].shape as Record<string, Inner>)[property];
  for (let i = 0; schema && i < 4 && !schema.options; i++) schema = schema.unwrap?.() ?? schema.element;
  return schema?.options ?? null;
}

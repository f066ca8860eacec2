import { z } from 'zod';
import { CLINIC_ROOMS, CULTURE_ITEMS, HARDENED_SURFACES, ROAD_SURFACES } from '@cuntu/domain';

const pct = z.number().min(0).max(100);
const km = (max: number) => z.number().positive().max(max);
const metres = (max: number) => z.number().positive().max(max);
const litres = z.number().min(1).max(500);
const byRegion = z.object({ water_rich: litres, water_scarce: litres });

/**
 * Every threshold a rule reads, with its type and allowed range. A profile is one value of this
 * schema; no threshold is written anywhere else in code.
 */
export const thresholdsSchema = z.object({
  village: z.object({
    /** 贫困发生率 at most this percentage (以下 includes the number itself). */
    incidenceMaxPct: z.number().min(0).max(20),
    busMaxKm: km(50),
    powerMinPct: pct,
    tvMinPct: pct,
    cultureItemsRequired: z.array(z.enum(CULTURE_ITEMS)).min(1),
    clinicMinAreaM2: z.number().min(10).max(1000),
    clinicRoomsRequired: z.array(z.enum(CLINIC_ROOMS)),
    clinicStaffPer1000: z.number().min(0).max(20),
    doctorsMin: z.number().int().min(0).max(20),
    broadbandFibreRequired: z.boolean(),
    broadbandMinMbps: z.number().min(1).max(10_000),
  }),
  road: z.object({
    hardenedSurfaces: z.array(z.enum(ROAD_SURFACES)).min(1),
    minWidthM: metres(20),
    exemptMinWidthM: metres(20),
    /** A route reaches the committee (or settlement edge) when it ends within this distance. */
    reachM: metres(2000),
    /** Segment ends this close count as connected. */
    snapM: metres(100),
    groupMinHouseholds: z.number().int().min(0).max(10_000),
    groupReachM: metres(2000),
  }),
  water: z.object({
    testMaxAgeDays: z.number().int().min(1).max(3650),
    quantity: z.object({ safeLitres: byRegion, basicLitres: byRegion }),
    access: z.object({ safeMinutes: z.number().min(1).max(240), basicMinutes: z.number().min(1).max(240) }),
    reliability: z.object({ safePct: pct, basicPct: pct }),
  }),
  house: z.object({
    /** Minimum rebuilt area for 1-, 2- and 3-person households. */
    smallHouseholdMinM2: z.tuple([z.number().min(5).max(200), z.number().min(5).max(200), z.number().min(5).max(200)]),
    smallHouseholdMaxM2: z.number().min(10).max(500),
    largeHouseholdMinM2PerPerson: z.number().min(1).max(100),
    largeHouseholdMaxM2PerPerson: z.number().min(1).max(100),
  }),
  relocation: z.object({
    maxAreaPerPersonM2: z.number().min(5).max(200),
    maxSelfFundingPerPersonYuan: z.number().min(0).max(1_000_000),
    maxSelfFundingPerHouseholdYuan: z.number().min(0).max(10_000_000),
    oldHomesMinPct: pct,
    employmentMinPct: pct,
    schoolMaxKm: km(100),
    clinicMaxKm: km(100),
    /** No school or clinic recorded within this radius: the services verdict is unknown. */
    searchRadiusKm: km(500),
  }),
}).superRefine((t, ctx) => {
  if (t.road.exemptMinWidthM > t.road.minWidthM) ctx.addIssue({ code: 'custom', path: ['road', 'exemptMinWidthM'], message: 'must not exceed minWidthM' });
  for (const region of ['water_rich', 'water_scarce'] as const) {
    if (t.water.quantity.basicLitres[region] > t.water.quantity.safeLitres[region]) ctx.addIssue({ code: 'custom', path: ['water', 'quantity', 'basicLitres', region], message: 'must not exceed safeLitres' });
  }
  if (t.water.access.basicMinutes < t.water.access.safeMinutes) ctx.addIssue({ code: 'custom', path: ['water', 'access', 'basicMinutes'], message: 'must not be below safeMinutes' });
  if (t.water.reliability.basicPct > t.water.reliability.safePct) ctx.addIssue({ code: 'custom', path: ['water', 'reliability', 'basicPct'], message: 'must not exceed safePct' });
  if (t.house.largeHouseholdMinM2PerPerson > t.house.largeHouseholdMaxM2PerPerson) ctx.addIssue({ code: 'custom', path: ['house', 'largeHouseholdMinM2PerPerson'], message: 'must not exceed largeHouseholdMaxM2PerPerson' });
});

export type Thresholds = z.infer<typeof thresholdsSchema>;

/** The default profile's values: seed 002 Annex 1 (贫困村退出核查标准) and 水农〔2004〕547号. */
export const DEFAULT_THRESHOLDS: Thresholds = {
  village: {
    incidenceMaxPct: 2,
    busMaxKm: 2,
    powerMinPct: 100,
    tvMinPct: 100,
    cultureItemsRequired: [...CULTURE_ITEMS],
    clinicMinAreaM2: 60,
    clinicRoomsRequired: [...CLINIC_ROOMS],
    clinicStaffPer1000: 1,
    doctorsMin: 1,
    broadbandFibreRequired: true,
    broadbandMinMbps: 50,
  },
  road: {
    hardenedSurfaces: [...HARDENED_SURFACES],
    minWidthM: 3.5,
    exemptMinWidthM: 3.0,
    reachM: 50,
    snapM: 5,
    groupMinHouseholds: 30,
    groupReachM: 50,
  },
  water: {
    testMaxAgeDays: 365,
    quantity: { safeLitres: { water_rich: 40, water_scarce: 40 }, basicLitres: { water_rich: 20, water_scarce: 20 } },
    access: { safeMinutes: 10, basicMinutes: 20 },
    reliability: { safePct: 95, basicPct: 90 },
  },
  house: {
    smallHouseholdMinM2: [20, 30, 40],
    smallHouseholdMaxM2: 60,
    largeHouseholdMinM2PerPerson: 13,
    largeHouseholdMaxM2PerPerson: 18,
  },
  relocation: {
    maxAreaPerPersonM2: 25,
    maxSelfFundingPerPersonYuan: 2500,
    maxSelfFundingPerHouseholdYuan: 10_000,
    oldHomesMinPct: 100,
    employmentMinPct: 100,
    schoolMaxKm: 5,
    clinicMaxKm: 2,
    searchRadiusKm: 20,
  },
};

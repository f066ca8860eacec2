import { z } from 'zod';

/**
 * A village's public services as the infrastructure team keeps them: the shares of households with
 * power and with radio / TV, and broadband (fibre, speed). They live in the village's statistics of the
 * year the checks' as-of date falls in, which the power, TV and broadband rules read.
 */
export const VILLAGE_SERVICES_SCHEMA = z.object({
  powerCoveragePct: z.number().min(0).max(100).nullable().optional(),
  tvCoveragePct: z.number().min(0).max(100).nullable().optional(),
  broadbandFibre: z.boolean().nullable().optional(),
  broadbandMbps: z.number().min(0).max(100_000).nullable().optional(),
}).strict();
export type VillageServicesInput = z.infer<typeof VILLAGE_SERVICES_SCHEMA>;

export const villageServicesSchema = VILLAGE_SERVICES_SCHEMA.extend({
  villageCode: z.string(),
  villageName: z.string(),
  /** The statistics year the values belong to (null when the village has no statistics yet). */
  year: z.number().int().nullable(),
  version: z.number().int(),
});
export type VillageServices = z.infer<typeof villageServicesSchema>;

/** Where a village's services are recorded in the audit log. */
export const VILLAGE_SERVICES_RECORD = { kind: 'village_services' } as const;

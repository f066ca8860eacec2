import { z } from 'zod';

/**
 * A village's public services as the infrastructure team keeps them: the shares of households with
 * power and with radio / TV, and broadband (fibre, speed). They live in the village's latest year of
 * statistics, which the power, TV and broadband rules read.
 */
export const VILLAGE_SERVICES_SCHEMA = z.object({
  powerCoveragePct: z.number().min(0).max(100).nullable().optional(),
  tvCoveragePct: z.number().min(0).max(100).nullable().optional(),
  broadbandFibre: z.boolean().nullable().optional(),
  broadbandMbps: z.number().min(0).max(100_000).nullable().optional(),
}).strict();
export type VillageServicesInput = z.infer<typeof VILLAGE_SERVICES_SCHEMA>;

export interface VillageServices extends VillageServicesInput {
  villageCode: string;
  villageName: string;
  /** The statistics year the values belong to (null when the village has no statistics yet). */
  year: number | null;
  version: number;
}

/** Where a village's services are recorded in the audit log. */
export const VILLAGE_SERVICES_RECORD = { kind: 'village_services' } as const;

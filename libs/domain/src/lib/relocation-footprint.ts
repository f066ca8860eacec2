import { z } from 'zod';

/** A relocation site's footprint as stored and sent: one Polygon (longitude / latitude) — the plot the site is built on. */
export const footprintSchema = z.object({ type: z.literal('Polygon'), coordinates: z.array(z.array(z.array(z.number()))) });
export type Footprint = z.infer<typeof footprintSchema>;

/** Where a site's footprint changes are recorded in the audit log (`record.relocation_footprint` in the catalogue). */
export const RELOCATION_FOOTPRINT_RECORD = { kind: 'relocation_footprint' } as const;

/** The largest plausible footprint of one site, and how far from the site's point it may lie. */
export const FOOTPRINT_LIMITS = { maxKm2: 5, maxDistanceM: 1_000 } as const;

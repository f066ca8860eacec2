import { z } from 'zod';
import { isoDateSchema, latestToday } from './calendar-dates';

/**
 * A water-quality test record of a source, as the API accepts it. The drinking-water rules read the
 * latest record of each source; a sample dated in the future is refused. It may name its lab report
 * (`labReportId`), one of the source's attachments.
 */
export const WATER_TEST_SCHEMA = z.object({
  sampledOn: isoDateSchema.refine((s) => s <= latestToday(), 'validation.notFuture'),
  meetsGb5749: z.boolean().nullable().optional(),
  meetsRuralCriteria: z.boolean().nullable().optional(),
  lab: z.string().trim().min(1).max(200).nullable().optional(),
  note: z.string().trim().min(1).max(1000).nullable().optional(),
  /** The test's lab report: an attachment of the same source (a PDF or a scan), kept before the test is recorded. */
  labReportId: z.number().int().positive().nullable().optional(),
}).strict();
export type WaterTestInput = z.infer<typeof WATER_TEST_SCHEMA>;

/** The natural villages (groups) a source serves, replaced as a whole. */
export const SERVED_GROUPS_SCHEMA = z.object({
  groupCodes: z.array(z.string().regex(/^\d{15}$/, 'validation.code15')).max(2000),
}).strict();

/** The kinds of record kept beside a water source, each audited under its own name (`record.<kind>` in the catalogue). */
export const WATER_RECORD_KINDS = ['water_tests', 'water_source_groups', 'water_service_area'] as const;
export type WaterRecordKind = (typeof WATER_RECORD_KINDS)[number];
export const isWaterRecordKind = (kind: string): kind is WaterRecordKind => (WATER_RECORD_KINDS as readonly string[]).includes(kind);

/** A source's service area as stored: one MultiPolygon (longitude / latitude). */
export const serviceAreaSchema = z.object({ type: z.literal('MultiPolygon'), coordinates: z.array(z.array(z.array(z.array(z.number())))) });
export type ServiceArea = z.infer<typeof serviceAreaSchema>;

/** A recorded test, as the API returns it. */
export const waterTestSchema = WATER_TEST_SCHEMA.extend({ id: z.number().int(), sourceId: z.number().int() });
export type WaterTest = z.infer<typeof waterTestSchema>;
/** A natural village a source serves, with its village and population. */
export const servedGroupSchema = z.object({ code: z.string(), name: z.string(), villageCode: z.string(), villageName: z.string(), population: z.number().nullable() });
export type ServedGroup = z.infer<typeof servedGroupSchema>;

import { z } from 'zod';
import { LAYER_IDS } from './layers';

/**
 * Shapes the API returns and the web apps read, as zod schemas: one definition for both sides. The
 * API's OpenAPI document is generated from them (`@cuntu/api-contract`), the client's types are
 * inferred from them, and the server's handlers are type-checked against them.
 */

const json = z.unknown();

export const healthReportSchema = z.object({
  status: z.literal('ok'),
  driver: z.enum(['pglite', 'postgres']),
  postgisVersion: z.string(),
  schemaVersion: z.string(),
  sampleCounty: z.object({ code: z.string(), name: z.string(), seed: z.number(), isSample: z.literal(true) }).nullable(),
  /** The counties the deployment holds; none before an administrator sets the first one up. */
  counties: z.array(z.object({ code: z.string(), name: z.string() })),
}).meta({ id: 'HealthReport' });
export type HealthReport = z.infer<typeof healthReportSchema>;

export const layerCountSchema = z.object({ layer: z.string(), count: z.number().int() });
export type LayerCount = z.infer<typeof layerCountSchema>;

/** A GeoJSON geometry (coordinates not spelled out: the layer's definition says which type it holds). */
export const geometrySchema = z.object({ type: z.string(), coordinates: json }).meta({ id: 'Geometry', description: 'GeoJSON geometry, longitude / latitude (WGS 84)' });

/** A GeoJSON FeatureCollection whose features carry properties of `properties`. */
export const featureCollectionOf = <P extends z.ZodType>(properties: P) => z.object({
  type: z.literal('FeatureCollection'),
  features: z.array(z.object({ type: z.literal('Feature'), id: z.union([z.string(), z.number()]).optional(), geometry: geometrySchema.nullable(), properties })),
});
export const featureCollectionSchema = featureCollectionOf(z.record(z.string(), json));
export interface FeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; id?: string | number; geometry: { type: string; coordinates: unknown } | null; properties: P }>;
}

/** One stored verdict of a rule for a village or feature, as the checks API returns it. */
export const storedVerdictSchema = z.object({
  ruleId: z.string(),
  subjectType: z.string(),
  subjectId: z.string(),
  villageCode: z.string().nullable(),
  verdict: z.enum(['pass', 'fail', 'unknown']),
  tier: z.string().nullable(),
  measured: json,
  threshold: json,
  reasonZh: z.string(),
  reasonEn: z.string(),
  profileId: z.number().int(),
  profileVersion: z.number().int(),
  computedAt: z.string(),
}).meta({ id: 'Verdict' });
export type StoredVerdict = z.infer<typeof storedVerdictSchema>;

/** A named, versioned set of thresholds as stored. */
export const standardsProfileRecordSchema = z.object({
  id: z.number().int(),
  key: z.string(),
  version: z.number().int(),
  nameZh: z.string(),
  nameEn: z.string(),
  sourceNote: z.string().nullable(),
  basedOnId: z.number().int().nullable(),
  thresholds: z.record(z.string(), json),
  isActive: z.boolean(),
});
/** `T`: the thresholds' type where it is known. */
export type StandardsProfileRecord<T = Record<string, unknown>> = Omit<z.infer<typeof standardsProfileRecordSchema>, 'thresholds'> & { thresholds: T };

/** One threshold as a profile form shows it: where it lives, what it is called, what values it takes (built by `thresholdFields` in @cuntu/standards). */
export const thresholdFieldSchema = z.object({
  /** Dotted path in the thresholds object, e.g. `village.incidenceMaxPct`. */
  path: z.string(),
  labelZh: z.string(),
  labelEn: z.string(),
  unit: z.string().nullable(),
  /** The unit in English (the same as `unit` where it is a symbol: %, km, m²). */
  unitEn: z.string().nullable(),
  kind: z.enum(['number', 'integer', 'boolean', 'choices', 'numbers']),
  /** Lowest allowed value; `minExclusive` when the value must be greater than it. */
  min: z.number().nullable(),
  minExclusive: z.boolean(),
  max: z.number().nullable(),
  /** `choices`: the values that may be ticked, and whether at least one must be. */
  options: z.array(z.string()).nullable(),
  minItems: z.number().int().nullable(),
  /** `numbers`: how many values (a fixed-length list, such as areas for 1-, 2- and 3-person households). */
  length: z.number().int().nullable(),
});
export type ThresholdField = z.infer<typeof thresholdFieldSchema>;

const rowProblemSchema = z.object({ row: z.number().int(), field: z.string(), problem: z.string() });

/** A bulk import as the API shows it: its state, progress, dry-run report and result. */
export const importJobViewSchema = z.object({
  id: z.string(),
  layer: z.enum(LAYER_IDS),
  fileName: z.string(),
  state: z.enum(['ready', 'running', 'validated', 'committed', 'rejected', 'failed', 'cancelled']),
  mode: z.enum(['dry-run', 'commit']).nullable(),
  progress: z.object({ phase: z.enum(['validating', 'writing', 'rechecking']), done: z.number().int(), total: z.number().int() }).nullable(),
  report: z.object({
    total: z.number().int(), valid: z.number().int(), invalid: z.number().int(), creates: z.number().int(), updates: z.number().int(),
    problemCounts: z.record(z.string(), z.number().int()), problems: z.array(rowProblemSchema), problemsTruncated: z.boolean(),
  }).nullable(),
  result: z.object({ importId: z.number().int(), created: z.number().int(), updated: z.number().int() }).nullable(),
  error: z.object({ code: z.string(), message: z.string() }).nullable(),
}).meta({ id: 'ImportJob' });
export type ImportJobView = z.infer<typeof importJobViewSchema>;

/** What an uploaded file holds and how it maps onto the layer (the preview step). */
export const importInspectionSchema = z.object({
  format: z.string(),
  encoding: z.string().nullable(),
  encodingSource: z.string().nullable().optional(),
  frame: z.string().nullable(),
  frameSource: z.string().nullable().optional(),
  csv: json.optional(),
  /** Spreadsheets: the sheet read and the workbook's sheets. */
  sheet: z.object({ name: z.string(), names: z.array(z.string()) }).nullable().optional(),
  notes: z.array(z.string()),
  fields: z.array(z.string()),
  featureCount: z.number().int(),
  geometryTypes: z.record(z.string(), z.number().int()),
  layerGeometry: z.string().optional(),
  properties: z.array(z.object({ name: z.string(), required: z.boolean(), key: z.boolean() })),
  suggestedMapping: z.record(z.string(), z.string()),
  mapping: z.record(z.string(), z.string()),
  sample: z.array(z.object({
    row: z.number().int(),
    geometry: json.optional(),
    source: z.record(z.string(), json),
    mapped: z.object({ values: z.record(z.string(), json), problems: z.array(rowProblemSchema) }),
  })),
});
export type ImportInspection = z.infer<typeof importInspectionSchema>;

/** How a file is read and mapped: encoding, coordinate frame, a spreadsheet's sheet, property ← source field (`=value`: a fixed value). */
export interface ImportOptions { encoding?: string; frame?: string; sheet?: string; mapping?: Record<string, string> }

/** A feature as the features API returns it: id, GeoJSON geometry, properties with `version` (its ETag). */
export const editableFeatureSchema = z.object({
  type: z.literal('Feature'),
  id: z.union([z.string(), z.number()]),
  geometry: geometrySchema.nullable(),
  properties: z.looseObject({ version: z.number().int() }),
}).meta({ id: 'Feature' });
export type EditableFeature = z.infer<typeof editableFeatureSchema>;


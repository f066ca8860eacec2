import type { LayerId } from './layers';
/** Shapes the API returns and the web apps read; one definition for both sides. */

export interface HealthReport {
  status: 'ok';
  driver: 'pglite' | 'postgres';
  postgisVersion: string;
  schemaVersion: string;
  sampleCounty: { code: string; name: string; seed: number; isSample: true } | null;
}

export interface LayerCount {
  layer: string;
  count: number;
}

export interface FeatureCollection<P = Record<string, unknown>> {
  type: 'FeatureCollection';
  features: Array<{ type: 'Feature'; id?: string | number; geometry: { type: string; coordinates: unknown } | null; properties: P }>;
}

/** One stored verdict of a rule for a village or feature, as the checks API returns it. */
export interface StoredVerdict {
  ruleId: string;
  subjectType: string;
  subjectId: string;
  villageCode: string | null;
  verdict: 'pass' | 'fail' | 'unknown';
  tier: string | null;
  measured: unknown;
  threshold: unknown;
  reasonZh: string;
  reasonEn: string;
  profileId: number;
  profileVersion: number;
  computedAt: string;
}

/** A named, versioned set of thresholds as stored (`T`: the thresholds' type where it is known). */
export interface StandardsProfileRecord<T = Record<string, unknown>> {
  id: number;
  key: string;
  version: number;
  nameZh: string;
  nameEn: string;
  sourceNote: string | null;
  basedOnId: number | null;
  thresholds: T;
  isActive: boolean;
}

/** One threshold as a profile form shows it: where it lives, what it is called, what values it takes (built by `thresholdFields` in @cuntu/standards). */
export interface ThresholdField {
  /** Dotted path in the thresholds object, e.g. `village.incidenceMaxPct`. */
  path: string;
  labelZh: string;
  labelEn: string;
  unit: string | null;
  /** The unit in English (the same as `unit` where it is a symbol: %, km, m²). */
  unitEn: string | null;
  kind: 'number' | 'integer' | 'boolean' | 'choices' | 'numbers';
  /** Lowest allowed value; `minExclusive` when the value must be greater than it. */
  min: number | null;
  minExclusive: boolean;
  max: number | null;
  /** `choices`: the values that may be ticked, and whether at least one must be. */
  options: string[] | null;
  minItems: number | null;
  /** `numbers`: how many values (a fixed-length list, such as areas for 1-, 2- and 3-person households). */
  length: number | null;
}

/** A bulk import as the API shows it: its state, progress, dry-run report and result. */
export interface ImportJobView {
  id: string;
  layer: LayerId;
  fileName: string;
  state: 'ready' | 'running' | 'validated' | 'committed' | 'rejected' | 'failed' | 'cancelled';
  mode: 'dry-run' | 'commit' | null;
  progress: { phase: 'validating' | 'writing' | 'rechecking'; done: number; total: number } | null;
  report: {
    total: number; valid: number; invalid: number; creates: number; updates: number;
    problemCounts: Record<string, number>; problems: Array<{ row: number; field: string; problem: string }>; problemsTruncated: boolean;
  } | null;
  result: { importId: number; created: number; updated: number } | null;
  error: { code: string; message: string } | null;
}

/** What an uploaded file holds and how it maps onto the layer (the preview step). */
export interface ImportInspection {
  format: string;
  encoding: string | null;
  frame: string | null;
  notes: string[];
  fields: string[];
  featureCount: number;
  geometryTypes: Record<string, number>;
  properties: Array<{ name: string; required: boolean; key: boolean }>;
  suggestedMapping: Record<string, string>;
  mapping: Record<string, string>;
  sample: Array<{ row: number; source: Record<string, unknown>; mapped: { values: Record<string, unknown>; problems: Array<{ row: number; field: string; problem: string }> } }>;
}

/** How a file is read and mapped: encoding, coordinate frame, property ← source field. */
export interface ImportOptions { encoding?: string; frame?: string; mapping?: Record<string, string> }

/** A feature as the features API returns it: id, GeoJSON geometry, properties with `version` (its ETag). */
export interface EditableFeature {
  type: 'Feature';
  id: string | number;
  geometry: { type: string; coordinates: unknown };
  properties: Record<string, unknown> & { version: number };
}

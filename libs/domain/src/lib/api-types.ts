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

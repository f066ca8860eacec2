import { SourceError, type Geometry, type ReadLimits, type SourceFeature } from './source';

/** The deepest nesting of arrays and objects in a JSON text, counted without parsing it (strings skipped). */
export function jsonDepth(text: string, stopAbove = Infinity): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    if (inString) {
      if (ch === 92) i++; // backslash: skip the escaped character
      else if (ch === 34) inString = false;
    } else if (ch === 34) inString = true;
    else if (ch === 123 || ch === 91) {
      if (++depth > deepest) deepest = depth;
      if (deepest > stopAbove) return deepest;
    } else if (ch === 125 || ch === 93) depth--;
  }
  return deepest;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads a GeoJSON FeatureCollection, Feature, or bare geometry, refusing nesting deeper than the limit. */
export function readGeoJsonText(text: string, limits: ReadLimits): { features: SourceFeature[]; fields: string[] } {
  const depth = jsonDepth(text, limits.maxDepth);
  if (depth > limits.maxDepth) {
    throw new SourceError('too_deep', `JSON 嵌套超过 ${limits.maxDepth} 层 / JSON nested deeper than ${limits.maxDepth} levels`, { maxDepth: limits.maxDepth });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new SourceError('invalid_json', `不是有效的 JSON：${(e as Error).message} / Not valid JSON`);
  }
  if (!isObject(json)) throw new SourceError('not_geojson', '不是 GeoJSON 对象 / Not a GeoJSON object');
  const raw: unknown[] = json.type === 'FeatureCollection' ? (Array.isArray(json.features) ? json.features : [])
    : json.type === 'Feature' ? [json]
    : typeof json.type === 'string' && 'coordinates' in json ? [{ type: 'Feature', geometry: json, properties: {} }]
    : (() => { throw new SourceError('not_geojson', `不是 GeoJSON（type 为 ${String(json.type)}）/ Not GeoJSON: type is ${String(json.type)}`); })();
  if (raw.length > limits.maxFeatures) {
    throw new SourceError('too_many_features', `文件有 ${raw.length} 个要素，超过上限 ${limits.maxFeatures} / ${raw.length} features, more than the limit of ${limits.maxFeatures}`, { count: raw.length, maxFeatures: limits.maxFeatures });
  }
  const fields = new Set<string>();
  const features = raw.map((f, i): SourceFeature => {
    const feature = isObject(f) ? f : {};
    const properties = isObject(feature.properties) ? { ...feature.properties } : {};
    // A feature's own id is kept as a property, so an external id can come from it.
    if (feature.id !== undefined && !('id' in properties)) properties.id = feature.id;
    for (const key of Object.keys(properties)) fields.add(key);
    const geometry = isObject(feature.geometry) ? (feature.geometry as unknown as Geometry) : null;
    return { row: i + 1, geometry, properties, geometryProblem: geometry ? undefined : '要素没有几何图形 / The feature has no geometry' };
  });
  return { features, fields: [...fields] };
}

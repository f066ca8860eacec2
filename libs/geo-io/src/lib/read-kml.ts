import { kml } from '@tmcw/togeojson';
import { DOMParser } from '@xmldom/xmldom';
import { SourceError, type Geometry, type ReadLimits, type SourceFeature } from './source';

/** Reads the placemarks of a KML document (name, description and ExtendedData become attributes). */
export function readKmlText(text: string, limits: ReadLimits) {
  let doc: Document;
  try {
    doc = new DOMParser({ onError: (level, message) => { if (level === 'fatalError') throw new Error(message); } }).parseFromString(text, 'text/xml') as unknown as Document;
  } catch (e) {
    throw new SourceError('invalid_kml', `KML 无法解析：${(e as Error).message} / The KML cannot be read`);
  }
  if (!doc.documentElement || doc.documentElement.nodeName.toLowerCase() !== 'kml') throw new SourceError('invalid_kml', '不是 KML 文档 / Not a KML document');
  const collection = kml(doc);
  if (collection.features.length > limits.maxFeatures) {
    throw new SourceError('too_many_features', `文件有 ${collection.features.length} 个地标，超过上限 ${limits.maxFeatures} / More placemarks than the limit of ${limits.maxFeatures}`, { count: collection.features.length, maxFeatures: limits.maxFeatures });
  }
  const fields = new Set<string>();
  const features = collection.features.map((f, i): SourceFeature => {
    const properties: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(f.properties ?? {})) {
      if (key.startsWith('style') || key === 'stroke' || key === 'fill' || key.endsWith('-opacity') || key === 'stroke-width' || key === 'icon') continue;
      properties[key] = value;
      fields.add(key);
    }
    return { row: i + 1, geometry: (f.geometry as Geometry | null) ?? null, properties, geometryProblem: f.geometry ? undefined : '地标没有几何图形 / The placemark has no geometry' };
  });
  return { features, fields: [...fields] };
}

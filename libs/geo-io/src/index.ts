export { readSource, detectFormat } from './lib/read-source';
export { writeCsv, writeXlsx, writeTableXlsx, csvText } from './lib/write-csv';
export { writeShapefileZip, shapefileFieldNames } from './lib/shapefile-zip';
export { toWgs84, fromWgs84, mapPositions, hasZ, flatten2d, WGS84_PRJ } from './lib/frames';
export { decodeText, encodeWith, normaliseEncoding } from './lib/text-encoding';
export { parseCoordinate } from './lib/read-csv';
export { jsonDepth } from './lib/read-geojson';
export { SourceError, FRAMES, FORMATS, DEFAULT_LIMITS } from './lib/source';
export type { Geometry, Frame, SourceFormat, SourceFeature, SourceTable, ReadOptions, ReadLimits } from './lib/source';

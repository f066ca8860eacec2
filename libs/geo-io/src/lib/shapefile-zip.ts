import { unzipSync, zipSync } from 'fflate';
import { openShp } from 'shapefile';
import { dbfLooksUtf8, readDbfHeader, readDbfRecords, writeDbf } from './dbf';
import { frameOfPrj, WGS84_PRJ } from './frames';
import { decodeWith, encodeWith, normaliseEncoding } from './text-encoding';
import { SourceError, type Geometry, type ReadLimits, type SourceFeature } from './source';

const extension = (name: string) => name.slice(name.lastIndexOf('.') + 1).toLowerCase();
const stem = (name: string) => name.slice(0, name.lastIndexOf('.')).toLowerCase();

/** Unzips an archive, refusing what is not a zip. */
export function unzip(bytes: Uint8Array): Record<string, Uint8Array> {
  try {
    return unzipSync(bytes);
  } catch {
    throw new SourceError('invalid_zip', '无法解压：不是有效的 zip 文件 / Not a valid zip archive');
  }
}

/**
 * Reads the first shapefile of a zip: geometries from the .shp, attributes from the .dbf in the
 * encoding asked for, else the .cpg's, else the DBF header's code page, else UTF-8 when the text is
 * valid UTF-8 and GBK when not; the frame from the .prj (projected coordinates are converted later).
 */
export async function readShapefileZip(files: Record<string, Uint8Array>, encoding: string, limits: ReadLimits) {
  const names = Object.keys(files).filter((n) => !n.startsWith('__MACOSX/'));
  const shpNames = names.filter((n) => extension(n) === 'shp');
  if (shpNames.length === 0) throw new SourceError('no_shapefile', 'zip 中没有 .shp 文件 / The zip holds no .shp file', { files: names });
  const base = stem(shpNames[0]);
  const part = (ext: string) => {
    const name = names.find((n) => stem(n) === base && extension(n) === ext);
    return name ? files[name] : undefined;
  };
  const dbf = part('dbf');
  if (!dbf) throw new SourceError('no_dbf', `缺少 ${base}.dbf（属性表）/ The shapefile's .dbf (attributes) is missing`);
  const notes: string[] = shpNames.length > 1 ? [`zip 中有 ${shpNames.length} 个图层，只读取了 ${shpNames[0]} / Only ${shpNames[0]} of ${shpNames.length} layers was read`] : [];

  const cpg = part('cpg');
  let header = readDbfHeader(dbf);
  let chosen: { encoding: string; source: 'chosen' | 'cpg' | 'dbf-header' | 'detected' };
  if (encoding !== 'auto') chosen = { encoding: normaliseEncoding(encoding), source: 'chosen' };
  else if (cpg && decodeWith(cpg, 'latin1').trim()) chosen = { encoding: normaliseEncoding(decodeWith(cpg, 'latin1')), source: 'cpg' };
  else if (header.languageDriverEncoding) chosen = { encoding: header.languageDriverEncoding, source: 'dbf-header' };
  else {
    chosen = { encoding: dbfLooksUtf8(dbf, header) ? 'utf-8' : 'gbk', source: 'detected' };
    notes.push(`属性表编码未注明，按内容判断为 ${chosen.encoding.toUpperCase()}；如有乱码请手动选择 / No .cpg: the attributes were read as ${chosen.encoding.toUpperCase()}; choose another encoding if the text looks wrong`);
  }
  header = readDbfHeader(dbf, chosen.encoding);
  if (header.records > limits.maxFeatures) {
    throw new SourceError('too_many_features', `文件有 ${header.records} 个要素，超过上限 ${limits.maxFeatures} / ${header.records} features, more than the limit of ${limits.maxFeatures}`, { count: header.records, maxFeatures: limits.maxFeatures });
  }
  const records = readDbfRecords(dbf, header, chosen.encoding);

  const geometries: Array<Geometry | null> = [];
  try {
    const source = await openShp(files[shpNames[0]]);
    for (let next = await source.read(); !next.done; next = await source.read()) geometries.push((next.value as Geometry | null) ?? null);
  } catch (e) {
    throw new SourceError('invalid_shapefile', `.shp 无法读取：${(e as Error).message} / The .shp cannot be read`);
  }
  if (geometries.length !== records.length) {
    notes.push(`.shp 有 ${geometries.length} 条记录而 .dbf 有 ${records.length} 条 / The .shp has ${geometries.length} shapes and the .dbf ${records.length} records`);
  }
  const features: SourceFeature[] = [];
  records.forEach((properties, i) => {
    if (!properties) return; // deleted in the DBF
    const geometry = geometries[i] ?? null;
    features.push({ row: i + 1, geometry, properties, geometryProblem: geometry ? undefined : '空几何（null shape）/ Null shape' });
  });
  const prj = part('prj');
  return { features, fields: header.fields.map((f) => f.name), encoding: chosen.encoding, encodingSource: chosen.source, prj: prj ? decodeWith(prj, 'latin1') : undefined, notes };
}

export { frameOfPrj };

/** A column of a shapefile to write, with its DBF name (ASCII, ≤ 10 characters). */
export interface ShapefileColumn {
  name: string;
  values: unknown[];
}

type Position = [number, number];

function partsOf(g: Geometry): Position[][] {
  if (g.type === 'LineString') return [g.coordinates as Position[]];
  if (g.type === 'MultiLineString') return g.coordinates as Position[][];
  throw new SourceError('unsupported_geometry', `Shapefile 导出不支持 ${g.type} / Cannot write ${g.type} to a shapefile`);
}

/**
 * Writes Point or LineString features as a zipped shapefile: .shp, .shx, .dbf (text in GBK or UTF-8),
 * .cpg naming that encoding, and the WGS-84 .prj.
 */
export function writeShapefileZip(baseName: string, geometries: Array<Geometry | null>, columns: ShapefileColumn[], encoding: 'gbk' | 'utf-8'): Uint8Array {
  const isPoint = geometries.some((g) => g?.type === 'Point');
  const shapeType = isPoint ? 1 : 3;
  const contents = geometries.map((g): Uint8Array => {
    if (!g) return new Uint8Array(4); // null shape: type 0
    if (isPoint) {
      if (g.type !== 'Point') throw new SourceError('unsupported_geometry', 'Shapefile 只能有一种几何类型 / A shapefile holds one geometry type');
      const out = new DataView(new ArrayBuffer(20));
      const [x, y] = g.coordinates as Position;
      out.setInt32(0, 1, true);
      out.setFloat64(4, x, true);
      out.setFloat64(12, y, true);
      return new Uint8Array(out.buffer);
    }
    const parts = partsOf(g);
    const points = parts.flat();
    const out = new DataView(new ArrayBuffer(44 + 4 * parts.length + 16 * points.length));
    out.setInt32(0, 3, true);
    const xs = points.map((p) => p[0]);
    const ys = points.map((p) => p[1]);
    [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)].forEach((v, i) => out.setFloat64(4 + 8 * i, v, true));
    out.setInt32(36, parts.length, true);
    out.setInt32(40, points.length, true);
    let start = 0;
    parts.forEach((part, i) => {
      out.setInt32(44 + 4 * i, start, true);
      start += part.length;
    });
    points.forEach(([x, y], i) => {
      out.setFloat64(44 + 4 * parts.length + 16 * i, x, true);
      out.setFloat64(52 + 4 * parts.length + 16 * i, y, true);
    });
    return new Uint8Array(out.buffer);
  });
  const all = geometries.filter((g): g is Geometry => !!g).flatMap((g) => (g.type === 'Point' ? [g.coordinates as Position] : partsOf(g).flat()));
  const box = all.length ? [Math.min(...all.map((p) => p[0])), Math.min(...all.map((p) => p[1])), Math.max(...all.map((p) => p[0])), Math.max(...all.map((p) => p[1]))] : [0, 0, 0, 0];
  const header = (lengthBytes: number) => {
    const h = new DataView(new ArrayBuffer(100));
    h.setInt32(0, 9994, false);
    h.setInt32(24, lengthBytes / 2, false);
    h.setInt32(28, 1000, true);
    h.setInt32(32, shapeType, true);
    box.forEach((v, i) => h.setFloat64(36 + 8 * i, v, true));
    return new Uint8Array(h.buffer);
  };
  const shpLength = 100 + contents.reduce((n, c) => n + 8 + c.length, 0);
  const shp = new Uint8Array(shpLength);
  const shx = new Uint8Array(100 + 8 * contents.length);
  shp.set(header(shpLength), 0);
  shx.set(header(shx.length), 0);
  const shpView = new DataView(shp.buffer);
  const shxView = new DataView(shx.buffer);
  let at = 100;
  contents.forEach((c, i) => {
    shxView.setInt32(100 + 8 * i, at / 2, false);
    shxView.setInt32(104 + 8 * i, c.length / 2, false);
    shpView.setInt32(at, i + 1, false);
    shpView.setInt32(at + 4, c.length / 2, false);
    shp.set(c, at + 8);
    at += 8 + c.length;
  });
  return zipSync({
    [`${baseName}.shp`]: shp,
    [`${baseName}.shx`]: shx,
    [`${baseName}.dbf`]: writeDbf(columns, geometries.length, encoding),
    [`${baseName}.cpg`]: encodeWith(encoding === 'gbk' ? 'GBK' : 'UTF-8', 'latin1'),
    [`${baseName}.prj`]: encodeWith(WGS84_PRJ, 'latin1'),
  });
}

/** DBF field names for property names: ASCII, at most 10 characters, unique. */
export function shapefileFieldNames(names: string[]): string[] {
  const taken = new Set<string>();
  return names.map((name) => {
    const ascii = name.replace(/[^A-Za-z0-9_]/g, '_');
    let candidate = ascii.slice(0, 10);
    for (let n = 1; taken.has(candidate.toLowerCase()); n++) candidate = `${ascii.slice(0, 10 - String(n).length)}${n}`;
    taken.add(candidate.toLowerCase());
    return candidate;
  });
}

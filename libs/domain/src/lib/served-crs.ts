/**
 * The coordinate reference systems Cuntu serves and reads (OGC API – Features Part 2): longitude /
 * latitude (CRS84, the default), WGS 84 and CGCS2000 in their registered latitude-first order, Web
 * Mercator, and the CGCS2000 3-degree Gauss–Krüger zones county surveys are drawn in — with the zone
 * number in the easting (EPSG:4513–4533, zones 25–45) and without (EPSG:4534–4554, 75°E–135°E).
 * Transformations are PostGIS's (PROJ); what is fixed here is which systems, and their axis order.
 */
export interface ServedCrs {
  /** The OGC URI clients name it by. */
  uri: string;
  /** Its PostGIS SRID. */
  srid: number;
  /** The registered axis order puts northing (latitude) first: coordinates and `bbox` come as y, x. */
  northFirst: boolean;
  /** Decimals coordinates are written with: 7 for degrees (≈ 1 cm), 3 for metres (1 mm). */
  decimals: number;
  /** The name the EPSG registry gives it. */
  title: string;
}

export const CRS84_URI = 'http://www.opengis.net/def/crs/OGC/1.3/CRS84';
const epsgUri = (code: number) => `http://www.opengis.net/def/crs/EPSG/0/${code}`;
const gaussKruger = (code: number, title: string): ServedCrs => ({ uri: epsgUri(code), srid: code, northFirst: true, decimals: 3, title });

export const SERVED_CRS: readonly ServedCrs[] = [
  { uri: CRS84_URI, srid: 4326, northFirst: false, decimals: 7, title: 'WGS 84 (CRS84, longitude / latitude)' },
  { uri: epsgUri(4326), srid: 4326, northFirst: true, decimals: 7, title: 'WGS 84' },
  { uri: epsgUri(4490), srid: 4490, northFirst: true, decimals: 7, title: 'China Geodetic Coordinate System 2000' },
  { uri: epsgUri(3857), srid: 3857, northFirst: false, decimals: 3, title: 'WGS 84 / Pseudo-Mercator' },
  ...Array.from({ length: 21 }, (_, i) => gaussKruger(4513 + i, `CGCS2000 / 3-degree Gauss-Kruger zone ${25 + i}`)),
  ...Array.from({ length: 21 }, (_, i) => gaussKruger(4534 + i, `CGCS2000 / 3-degree Gauss-Kruger CM ${75 + 3 * i}E`)),
];

export const CRS84 = SERVED_CRS[0];

/**
 * The served CRS a client names: its OGC URI (http or https), `EPSG:n`, `OGC:CRS84`, or `[EPSG:n]`
 * as the safe CURIE form; null when it is not one we serve.
 */
export function servedCrs(name: string): ServedCrs | null {
  const trimmed = name.trim().replace(/^<(.*)>$/, '$1').replace(/^\[(.*)\]$/, '$1');
  const uri = trimmed.replace(/^https:/, 'http:');
  const curie = /^(EPSG|OGC):(.+)$/i.exec(trimmed);
  const wanted = curie ? (curie[1].toUpperCase() === 'OGC' ? (curie[2].toUpperCase() === 'CRS84' ? CRS84_URI : '') : epsgUri(Number(curie[2]))) : uri;
  return SERVED_CRS.find((crs) => crs.uri === wanted) ?? null;
}

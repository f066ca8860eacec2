import { COORDINATE_FRAMES } from '@cuntu/domain';
/** A GeoJSON geometry as read from a file. */
export interface Geometry {
  type: string;
  coordinates?: unknown;
  geometries?: Geometry[];
}

/** The coordinate frames a file can be in (the domain's list). */
export const FRAMES = COORDINATE_FRAMES;
export type Frame = (typeof FRAMES)[number];

export const FORMATS = ['geojson', 'shapefile', 'csv', 'kml', 'xlsx', 'gpkg'] as const;
export type SourceFormat = (typeof FORMATS)[number];

/** One feature of a source file: its 1-based row (feature number), geometry and raw attributes. */
export interface SourceFeature {
  row: number;
  geometry: Geometry | null;
  properties: Record<string, unknown>;
  /** Why the geometry could not be read, when it could not (e.g. a CSV row with no coordinates). */
  geometryProblem?: string;
}

/** What a file holds, read and brought into WGS-84. */
export interface SourceTable {
  format: SourceFormat;
  /** The attribute names, in file order. */
  fields: string[];
  features: SourceFeature[];
  /** The text encoding used, and how it was chosen. */
  encoding: string | null;
  encodingSource: 'chosen' | 'cpg' | 'dbf-header' | 'bom' | 'detected' | null;
  /** The frame the coordinates were converted from, and how it was chosen. */
  frame: Frame | 'projected';
  frameSource: 'chosen' | 'prj' | 'default';
  /** Things the user should know (a guessed encoding, an unknown datum treated as WGS-84, …). */
  notes: string[];
  /** CSV only: the delimiter and the columns the geometry came from. */
  csv?: { delimiter: string; geometryFields: string[] };
  /** Spreadsheets: the sheet read and the workbook's sheets; GeoPackages: the layer read and the file's layers (to choose another). */
  sheet?: { name: string; names: string[] };
}

export interface ReadLimits {
  /** Most features a file may hold. Default: 200,000. */
  maxFeatures: number;
  /** Deepest JSON nesting accepted. Default: 32. */
  maxDepth: number;
}

export interface ReadOptions {
  /** Text encoding of CSV or DBF attributes: `auto` (default) detects it. */
  encoding?: string;
  /** The frame of the coordinates; default: from the `.prj`, else WGS-84. */
  frame?: Frame;
  /** CSV: the delimiter; default: detected. */
  delimiter?: string;
  /** CSV: the columns holding longitude and latitude, or WKT; default: detected by name. */
  lonField?: string;
  latField?: string;
  wktField?: string;
  /** Spreadsheets: the sheet to read (default: the first with data); GeoPackages: the layer (default: the first by name). */
  sheet?: string;
  /**
   * CSV and spreadsheets: `optional` reads a table without coordinate columns (a statistics ledger, a
   * ledger located by village) as records without geometry; default `required`: such a table is refused.
   */
  location?: 'required' | 'optional';
  limits?: Partial<ReadLimits>;
}

export const DEFAULT_LIMITS: ReadLimits = { maxFeatures: 200_000, maxDepth: 32 };

/** A file that cannot be read as asked; `code` names the problem for the API's 4xx. */
export class SourceError extends Error {
  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

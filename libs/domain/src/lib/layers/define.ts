import { z } from 'zod';

/** The teams whose editors keep layers; `admin` layers (the regions) are written by administrators only. */
export const EDITOR_TEAMS = ['roads', 'water', 'housing'] as const;
export type EditorTeam = (typeof EDITOR_TEAMS)[number];

/**
 * Everything Cuntu knows about one layer, in one place. The database mapping, the checks' and tiles'
 * SQL, the features, import, export and OGC APIs, the attribute forms and the map's layers, legend and
 * filters all derive from this. Its names are words, so they live in the catalogue (`layer.<id>` in
 * `@cuntu/messages`). How to add a layer: `libs/domain/README.md`.
 */
export interface LayerDefinition<Properties extends z.ZodObject = z.ZodObject> {
  /** The team whose editors write it; `admin`: administrators only. */
  team: EditorTeam | 'admin';
  /** The GeoJSON type of its editable geometry. */
  geometry: 'Point' | 'LineString';
  /** The property holding the editable geometry (its column name in the table). */
  geometryProperty: string;
  /** What identifies a feature: a division code (given on create, never changed) or a serial id. */
  key: 'code' | 'id';
  /** The property that names a feature for people (lists, popups, the map's labels). */
  labelProperty: string;
  /** The property naming the county, filled from the geometry when a write leaves it out. */
  countyProperty?: 'countyCode';
  /**
   * The properties placing a feature in the region hierarchy, finest first: division codes whose leading
   * digits name its town, county, prefecture and province (`regions.ts`). The first one set decides; an
   * account limited to a region reads and writes only features it places there.
   */
  regionProperties: readonly [string, ...string[]];
  /**
   * Whose verdicts its features carry: its own, stored under `subject`; or another layer's subject,
   * through the property naming it (a clinic carries its village's clinic rule), limited to `rules`.
   */
  verdicts: { subject: string } | { carries: string; via: string; rules: readonly string[] } | null;
  /** The editable properties as the API accepts them (camelCase); forms are generated from these. */
  properties: Properties;
  /** The properties its team's feature table shows as columns, in order. */
  list: readonly string[];
  /**
   * Rows of a ledger without coordinates may be imported: placed at their group's point (else their
   * village's), found by code or name, and marked `locationApproximate` until an editor moves them.
   */
  locatedByVillage?: true;
  /** Household personal data: returned only to roles that may see it. */
  personal?: readonly string[];
  /** Its photos and documents show a household (a house, its family): seen only by roles that may see personal data. */
  personalAttachments?: true;
  /** On the map: on the planner's map or only on its team's map; shown when the map opens; properties the map's features carry besides the key and the label. */
  map: { planner: boolean; shownAtStart: boolean; properties?: readonly string[] };
}

/** The property a `locatedByVillage` layer marks its approximately placed features with. */
export const APPROXIMATE_LOCATION = 'locationApproximate';

/** Keeps a definition's literal types (its subject, its schema's shape) while checking it against the contract. */
export const defineLayer = <const D extends LayerDefinition>(definition: D): D => definition;

/** Schema pieces the layers' properties share. */
export const code = (digits: 12 | 15) => z.string().regex(new RegExp(`^\\d{${digits}}$`), `validation.code${digits}`);
export const count = z.number().int().min(0).max(10_000_000);
export const text = (max = 200) => z.string().trim().min(1).max(max);
export const optional = <T extends z.ZodType>(schema: T) => schema.nullable().optional();

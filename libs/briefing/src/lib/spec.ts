import { z } from 'zod';
import { PAPERS } from './paper';

/** How many photos a page after a snapshot's map holds. */
export const PHOTOS_PER_PAGE = 6;
/** The most photos a snapshot prints (two pages). */
export const MAX_SNAPSHOT_PHOTOS = 2 * PHOTOS_PER_PAGE;

const colour = z.string().regex(/^#[0-9a-fA-F]{6}$/, 'a colour like #2e9d4f');
const line = (max: number) => z.string().max(max);

/** Everything a snapshot shows besides the map image; built by the map app from what is on screen. */
export const snapshotSpecSchema = z.object({
  title: z.string().trim().min(1).max(80),
  subtitle: line(160).default(''),
  paper: z.enum(Object.keys(PAPERS) as [keyof typeof PAPERS, ...Array<keyof typeof PAPERS>]),
  orientation: z.enum(['portrait', 'landscape']),
  dpi: z.number().int().min(72).max(300),
  /** The visible layers, each with its legend entries (its verdict colours when coloured by a rule). */
  legend: z.array(z.object({
    layer: line(60),
    entries: z.array(z.object({ label: line(60), colour, shape: z.enum(['line', 'circle']) })).min(1).max(6),
  })).max(12),
  /** The checks of the area shown: a heading and label / value rows. */
  summary: z.object({ heading: line(80), rows: z.array(z.object({ label: line(60), value: line(40) })).max(40) }),
  /** Ground metres per millimetre of the printed map (from the rendered map's scale). */
  metresPerMm: z.number().positive().max(1e7),
  profile: line(120),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  sampleNote: line(200).nullable(),
  permalink: z.string().url().max(2000),
  /**
   * Photos of the selected feature or village, printed on pages after the map (a PDF only): a heading
   * naming whose photos they are, and the attachments' ids. The server reads them as the reader may.
   */
  photos: z.object({ heading: line(80), ids: z.array(z.number().int().positive()).min(1).max(MAX_SNAPSHOT_PHOTOS) }).nullable().default(null),
});
export type SnapshotSpec = z.infer<typeof snapshotSpecSchema>;
export type SnapshotSpecInput = z.input<typeof snapshotSpecSchema>;

const table = z.object({ heading: line(80), rows: z.array(z.object({ label: line(60), value: line(200) })).max(60) });

/** A dashboard page: the figures of an area, its charts (images sent alongside, by key) and a ranking. */
export const dashboardSpecSchema = z.object({
  title: z.string().trim().min(1).max(80),
  subtitle: line(160).default(''),
  paper: z.enum(Object.keys(PAPERS) as [keyof typeof PAPERS, ...Array<keyof typeof PAPERS>]).default('A4'),
  orientation: z.enum(['portrait', 'landscape']).default('portrait'),
  figures: table,
  ranking: table.nullable().default(null),
  charts: z.array(z.object({ key: z.string().regex(/^[a-z][a-z0-9-]{0,30}$/), title: line(60) })).max(8),
  profile: line(120),
  date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
  asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/).nullable(),
  sampleNote: line(200).nullable(),
});
export type DashboardSpec = z.infer<typeof dashboardSpecSchema>;
export type DashboardSpecInput = z.input<typeof dashboardSpecSchema>;

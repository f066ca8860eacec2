import { bigserial, index, integer, pgTable, primaryKey, text, timestamp } from 'drizzle-orm/pg-core';
import { geometry } from '../geometry';
import { bytea } from './columns';

/**
 * Where each write changed a layer: the box around the features a statement wrote (old and new
 * places), or around the counties whose verdicts of a subject it wrote (`verdicts:<subject>`), recorded
 * by statement triggers. A stored tile (`stored_tiles`) is current while no further change of its layer
 * touches its area: an edit in one county leaves every other county's low-zoom tiles in place.
 */
export const layerChanges = pgTable(
  'layer_changes',
  {
    seq: bigserial('seq', { mode: 'number' }).primaryKey(),
    layer: text('layer').notNull(),
    box: geometry('box', 'Geometry').notNull(),
    changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('layer_changes_box_gix').using('gist', t.box)],
);

/**
 * Low-zoom tiles made once for every API process (`@cuntu/tiles`' stored tiles): each under the changes
 * of its layer over its area when it was made (`token`), for one profile version and audience.
 */
export const storedTiles = pgTable(
  'stored_tiles',
  {
    layer: text('layer').notNull(),
    profileId: integer('profile_id').notNull(),
    profileVersion: integer('profile_version').notNull(),
    /** Who it was made for: with or without household personal data, and the region it is limited to (`tileAudience`). */
    audience: text('audience').notNull(),
    z: integer('z').notNull(),
    x: integer('x').notNull(),
    y: integer('y').notNull(),
    /** How many changes of its layer touched its area, and the latest: `count.seq` (rows are never deleted, so a change committed late still moves it). */
    token: text('token').notNull(),
    tile: bytea('tile').notNull(),
    madeAt: timestamp('made_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.layer, t.profileId, t.audience, t.z, t.x, t.y] })],
);

import { sql } from 'drizzle-orm';
import { bigserial, index, integer, pgTable, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { geometry } from '../geometry';
import { bytea } from './columns';


/**
 * 佐证材料: a photo or document kept on a feature (any layer, by its id as text). The file and its
 * thumbnail live in the attachment store (`attachment_blobs` below, or a directory beside the data) under
 * `storage_key` and `thumbnail_key`. A removal only marks the row (`removed_at`): undoing it brings the
 * attachment back, file and all. Placed by the feature's county and village when it was attached.
 */
export const attachments = pgTable(
  'attachments',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    layer: text('layer').notNull(),
    featureId: text('feature_id').notNull(),
    countyCode: varchar('county_code', { length: 12 }),
    villageCode: varchar('village_code', { length: 12 }),
    fileName: text('file_name').notNull(),
    /** The type the content shows (not the one the name or the browser claims). */
    mediaType: text('media_type').notNull(),
    byteSize: integer('byte_size').notNull(),
    sha256: text('sha256').notNull(),
    width: integer('width'),
    height: integer('height'),
    /** When the camera says the photo was taken, in its own clock (EXIF keeps no time zone): 'YYYY-MM-DD HH:MM:SS'. */
    takenAt: text('taken_at'),
    /** Where the camera says it was (EXIF GPS). */
    takenWhere: geometry('taken_where', 'Point'),
    storageKey: text('storage_key').notNull(),
    thumbnailKey: text('thumbnail_key'),
    userId: integer('user_id'),
    uploadedBy: text('uploaded_by').notNull(),
    uploadedAt: timestamp('uploaded_at', { withTimezone: true }).notNull().defaultNow(),
    removedAt: timestamp('removed_at', { withTimezone: true }),
    removedBy: text('removed_by'),
    /** The workflow step it is evidence for (before / after photos of a renovation, a test's lab report), if any. */
    purpose: text('purpose'),
  },
  (t) => [
    index('attachments_feature_idx').on(t.layer, t.featureId).where(sql`removed_at IS NULL`),
    index('attachments_village_idx').on(t.villageCode).where(sql`removed_at IS NULL`),
    index('attachments_taken_where_gix').using('gist', t.takenWhere),
  ],
);

/** The attachment store kept in the database (the embedded default): one file or thumbnail per key. */
export const attachmentBlobs = pgTable('attachment_blobs', {
  key: text('key').primaryKey(),
  bytes: bytea('bytes').notNull(),
});

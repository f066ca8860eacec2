import { bigint, index, integer, jsonb, pgTable, serial, text, timestamp } from 'drizzle-orm/pg-core';
import { users } from './admin';

/**
 * One committed bulk import: who brought which file into which layer, and what it did. Written in the
 * same transaction as the features and their audit entries, so it exists exactly when they do.
 */
export const imports = pgTable(
  'imports',
  {
    id: serial('id').primaryKey(),
    layer: text('layer').notNull(),
    userId: integer('user_id').references(() => users.id),
    username: text('username').notNull(),
    fileName: text('file_name').notNull(),
    format: text('format').notNull(),
    /** The options the import ran with: encoding, coordinate frame, field mapping. */
    options: jsonb('options').notNull(),
    created: integer('created').notNull(),
    updated: integer('updated').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('imports_layer_at_idx').on(t.layer, t.at)],
);

/**
 * A counter per layer (and `check_results`) that statement triggers bump on every write, so a tile's
 * ETag can say whether anything under it changed without reading the data.
 */
export const layerRevisions = pgTable('layer_revisions', {
  layer: text('layer').primaryKey(),
  revision: bigint('revision', { mode: 'number' }).notNull().default(0),
  changedAt: timestamp('changed_at', { withTimezone: true }).notNull().defaultNow(),
});

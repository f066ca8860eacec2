import { customType, integer, text, timestamp } from 'drizzle-orm/pg-core';

/** Columns every editable row carries: a version for optimistic locking and who touched it last. */
export const editable = () => ({
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  updatedBy: text('updated_by'),
});

/** Bytes as PostgreSQL keeps them (a file's content). */
export const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });

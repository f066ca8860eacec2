import { sql } from 'drizzle-orm';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from './admin';
import { bytea } from './columns';


/**
 * Long work a request starts and any API process follows: imports, profile activations, re-checks.
 * The process that runs a job writes its progress here (and heartbeats while it runs), so a poll,
 * server-sent events or a cancel reach it through whichever process a request lands on. A running
 * job whose heartbeat stopped belonged to a process that died: it reads as interrupted.
 */
export const jobs = pgTable(
  'jobs',
  {
    id: uuid('id').primaryKey(),
    kind: text('kind').notNull(),
    ownerId: integer('owner_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    /** Who started it, as they were then (roles, region): the job acts as them. */
    owner: jsonb('owner').notNull(),
    state: text('state').notNull(),
    progress: jsonb('progress'),
    result: jsonb('result'),
    error: jsonb('error'),
    /** What the kind keeps besides: an import's layer, file, read options, mode, report. */
    detail: jsonb('detail').notNull().default({}),
    cancelRequested: boolean('cancel_requested').notNull().default(false),
    heartbeatAt: timestamp('heartbeat_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Last used: a job is forgotten an hour after it was last asked about, unless it runs. */
    touchedAt: timestamp('touched_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [
    index('jobs_touched_idx').on(t.touchedAt),
    // One activation (or county re-check, or as-of re-check) at a time, whichever process starts it.
    uniqueIndex('jobs_one_running_per_kind').on(t.kind).where(sql`state = 'running' AND kind <> 'import'`),
  ],
);

/** An import's uploaded file, kept until the import is committed, cancelled or forgotten. */
export const jobFiles = pgTable('job_files', {
  jobId: uuid('job_id').primaryKey().references(() => jobs.id, { onDelete: 'cascade' }),
  bytes: bytea('bytes').notNull(),
});

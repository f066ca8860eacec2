import { sql } from 'drizzle-orm';
import { bigserial, boolean, date, index, integer, pgTable, serial, text, timestamp, varchar } from 'drizzle-orm/pg-core';
import { EDITOR_TEAMS, TASK_NOTICE_KINDS, TASK_STATES } from '@cuntu/domain';
import { geometry } from '../geometry';
import { editable } from './columns';
import { counties } from './regions';

/**
 * 整改任务: one finding being fixed. Tied to a rule's verdict of one subject (rule_id, subject_type,
 * subject_id, as in check_results) or, set by hand, to a village with the problem in words. A task tied
 * to a rule follows its verdict: the statement triggers of migration 0015 close it when a check run
 * stores a pass and reopen it when one stores a fail.
 */
export const rectificationTasks = pgTable(
  'rectification_tasks',
  {
    id: serial('id').primaryKey(),
    countyCode: varchar('county_code', { length: 12 }).notNull().references(() => counties.code),
    townCode: varchar('town_code', { length: 12 }),
    villageCode: varchar('village_code', { length: 12 }),
    ruleId: text('rule_id'),
    subjectType: text('subject_type'),
    subjectId: text('subject_id'),
    /** The subject as people name it when the task was set (a road's name, a house's ledger number). */
    subjectLabel: text('subject_label'),
    /** Where the task is drawn: a point on its subject, or the place an evaluator gave. */
    location: geometry('location', 'Point'),
    problem: text('problem').notNull(),
    measure: text('measure'),
    team: text('team', { enum: EDITOR_TEAMS }).notNull(),
    assigneeId: integer('assignee_id'),
    deadline: date('deadline').notNull(),
    state: text('state', { enum: TASK_STATES }).notNull().default('open'),
    note: text('note'),
    returnReason: text('return_reason'),
    closedBy: text('closed_by', { enum: ['check', 'review'] }),
    closedAt: timestamp('closed_at', { withTimezone: true }),
    createdBy: text('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    ...editable(),
  },
  (t) => [
    index('rectification_tasks_location_gix').using('gist', t.location),
    index('rectification_tasks_subject_idx').on(t.ruleId, t.subjectType, t.subjectId),
    index('rectification_tasks_village_idx').on(t.villageCode),
    index('rectification_tasks_county_idx').on(t.countyCode, t.state),
    index('rectification_tasks_assignee_idx').on(t.assigneeId).where(sql`assignee_id IS NOT NULL`),
  ],
);

/** What the portal tells a responsible person about their tasks (the bell), until they read it. */
export const taskNotices = pgTable(
  'task_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    userId: integer('user_id').notNull(),
    taskId: integer('task_id').notNull().references(() => rectificationTasks.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: TASK_NOTICE_KINDS }).notNull(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    read: boolean('read').notNull().default(false),
  },
  (t) => [index('task_notices_user_idx').on(t.userId, t.read)],
);

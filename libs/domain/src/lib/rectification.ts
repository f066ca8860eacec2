import { z } from 'zod';
import { EDITOR_TEAMS, RULE_SUBJECTS, type EditorTeam } from './layers';
import type { Principal } from './permissions';
import { earliestToday, isoDateSchema } from './calendar-dates';

/**
 * 整改任务: the work of closing a finding, from a failing (or unknown) verdict or from an evaluator's
 * report at a place. Its life: open → in progress → submitted → closed, with the reviewer's way back.
 */
export const TASK_STATES = ['open', 'in_progress', 'submitted', 'closed'] as const;
export type TaskState = (typeof TASK_STATES)[number];

/** What a person does to a task; the check run's own moves (closed by a pass, reopened by a fail) are not among them. */
export const TASK_ACTIONS = ['start', 'submit', 'verify', 'return', 'reopen'] as const;
export type TaskAction = (typeof TASK_ACTIONS)[number];

/** Who may take each action: the responsible team (its editors, or an administrator) works the task, a reviewer (leader or administrator) decides. */
export const TASK_ACTION_RULES: Readonly<Record<TaskAction, { from: readonly TaskState[]; to: TaskState; by: 'team' | 'reviewer'; needs?: 'note' | 'reason' }>> = {
  start: { from: ['open'], to: 'in_progress', by: 'team' },
  submit: { from: ['open', 'in_progress'], to: 'submitted', by: 'team', needs: 'note' },
  verify: { from: ['submitted'], to: 'closed', by: 'reviewer' },
  return: { from: ['submitted'], to: 'in_progress', by: 'reviewer', needs: 'reason' },
  reopen: { from: ['closed'], to: 'open', by: 'reviewer', needs: 'reason' },
};

/** Where task changes are recorded in the audit log (`record.rectification_tasks` in the catalogue). */
export const RECTIFICATION_RECORD = { kind: 'rectification_tasks' } as const;

/** Why a responsible person is told about a task (`notice.<kind>` in the catalogue). */
export const TASK_NOTICE_KINDS = ['assigned', 'returned', 'closed_by_check', 'reopened_by_check', 'verified', 'reopened'] as const;
export type TaskNoticeKind = (typeof TASK_NOTICE_KINDS)[number];

/** The ledger's columns as county offices submit it (`ledger.<column>` in the catalogue). */
export const LEDGER_COLUMNS = ['index', 'town', 'village', 'problem', 'measure', 'unit', 'person', 'deadline', 'progress', 'done'] as const;

/** A deadline before today, wherever the task is set, is refused. */
const deadline = isoDateSchema.refine((s) => s >= earliestToday(), 'validation.notPast');
const words = (max: number) => z.string().trim().min(1, 'validation.required').max(max);
const code12 = z.string().regex(/^\d{12}$/, 'validation.code12');
const team = z.enum(EDITOR_TEAMS);
const person = z.number().int().positive().nullable().optional();

/**
 * A task set by hand: tied to a rule and its subject (whose verdict must be failing or unknown), or to
 * a village with the problem in free text (an evaluator's finding the data does not show).
 */
export const TASK_INPUT_SCHEMA = z.object({
  ruleId: z.string().max(60).optional(),
  subjectType: z.enum(RULE_SUBJECTS as [string, ...string[]]).optional(),
  subjectId: z.string().min(1).max(40).optional(),
  villageCode: code12.optional(),
  location: z.object({ type: z.literal('Point'), coordinates: z.tuple([z.number().min(-180).max(180), z.number().min(-90).max(90)]) }).optional(),
  problem: words(1000),
  measure: words(1000).nullable().optional(),
  /** Defaults to the rule's team; a task in words names it. */
  team: team.optional(),
  assigneeId: person,
  deadline,
}).strict()
  .refine((t) => (t.ruleId === undefined) === (t.subjectType === undefined) && (t.ruleId === undefined) === (t.subjectId === undefined), { message: 'validation.ruleAndSubject', path: ['subjectId'] })
  .refine((t) => t.ruleId !== undefined || t.villageCode !== undefined, { message: 'validation.required', path: ['villageCode'] });
export type TaskInput = z.infer<typeof TASK_INPUT_SCHEMA>;

/** Tasks for every verdict of a rule (or of every rule) that fails — or is unknown — in a county or town, skipping subjects that have an unclosed one. */
export const TASKS_FROM_VERDICTS_SCHEMA = z.object({
  ruleId: z.string().max(60).optional(),
  county: code12.optional(),
  town: code12.optional(),
  verdicts: z.array(z.enum(['fail', 'unknown'])).min(1).max(2).default(['fail']),
  measure: words(1000).nullable().optional(),
  team: team.optional(),
  assigneeId: person,
  deadline,
}).strict().refine((t) => !!t.county !== !!t.town, { message: 'validation.countyOrTown', path: ['town'] });
export type TasksFromVerdicts = z.infer<typeof TASKS_FROM_VERDICTS_SCHEMA>;

/** The fields of a task that may be changed after it is set (the rule, subject and place stay). */
export const TASK_CHANGE_SCHEMA = z.object({
  problem: words(1000).optional(),
  measure: words(1000).nullable().optional(),
  team: team.optional(),
  assigneeId: person,
  deadline: deadline.optional(),
}).strict();
export type TaskChange = z.infer<typeof TASK_CHANGE_SCHEMA>;

/** A person's step in a task's life; submitting needs a note of what was done, returning or reopening a reason. */
export const TASK_STEP_SCHEMA = z.object({
  action: z.enum(TASK_ACTIONS),
  note: words(1000).optional(),
  reason: words(1000).optional(),
}).strict()
  .refine((s) => TASK_ACTION_RULES[s.action].needs !== 'note' || !!s.note, { message: 'validation.required', path: ['note'] })
  .refine((s) => TASK_ACTION_RULES[s.action].needs !== 'reason' || !!s.reason, { message: 'validation.required', path: ['reason'] });
export type TaskStep = z.infer<typeof TASK_STEP_SCHEMA>;

/** A task as the API returns it. */
export const taskSchema = z.object({
  id: z.number().int(),
  state: z.enum(TASK_STATES),
  overdue: z.boolean(),
  ruleId: z.string().nullable(),
  subjectType: z.string().nullable(),
  subjectId: z.string().nullable(),
  subjectLabel: z.string().nullable(),
  countyCode: z.string(),
  townCode: z.string().nullable(),
  townName: z.string().nullable(),
  villageCode: z.string().nullable(),
  villageName: z.string().nullable(),
  problem: z.string(),
  measure: z.string().nullable(),
  team: z.enum(EDITOR_TEAMS),
  assigneeId: z.number().nullable(),
  assigneeName: z.string().nullable(),
  deadline: z.string(),
  note: z.string().nullable(),
  returnReason: z.string().nullable(),
  closedBy: z.enum(['check', 'review']).nullable(),
  closedAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  location: z.object({ type: z.literal('Point'), coordinates: z.array(z.number()) }).nullable(),
});
export type Task = z.infer<typeof taskSchema>;

/** The state a person's action leads to, or null when it cannot be taken from `state`. */
export const nextTaskState = (state: TaskState, action: TaskAction): TaskState | null =>
  TASK_ACTION_RULES[action].from.includes(state) ? TASK_ACTION_RULES[action].to : null;

/** Works a team's tasks: its editors, or an administrator. */
export const canWorkTasks = (p: Principal | null, of: EditorTeam): boolean =>
  !!p && (p.roles.includes('admin') || (p.roles.includes('editor') && p.editorTeams.includes(of)));
/** Verifies, returns and reopens tasks, and sets tasks for any team: a leader or an administrator. */
export const canReviewTasks = (p: Principal | null): boolean => !!p && (p.roles.includes('admin') || p.roles.includes('leader'));
/** Sees a team's tasks: reviewers and viewers see every team's, an editor only the tasks of the teams they edit for. */
export const canSeeTasksOf = (p: Principal | null, of: EditorTeam): boolean =>
  !!p && (canReviewTasks(p) || p.roles.includes('viewer') || canWorkTasks(p, of));
/** The teams whose tasks a person sees. */
export const teamsSeenBy = (p: Principal | null): EditorTeam[] => EDITOR_TEAMS.filter((t) => canSeeTasksOf(p, t));

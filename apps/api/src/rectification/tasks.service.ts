import {
  canReviewTasks, canSeeTasksOf, canWorkTasks, nextTaskState, regionCovers, regionsOverlap, TASK_ACTION_RULES, TASK_CHANGE_SCHEMA, TASK_INPUT_SCHEMA, TASK_STEP_SCHEMA,
  TASKS_FROM_VERDICTS_SCHEMA, teamsSeenBy, type AuditedState, type EditorTeam, type Principal, type RuleSubject, type Task, type TaskNoticeKind, type TaskState,
} from '@cuntu/domain';
import { RULES } from '@cuntu/standards';
import { message, type Locale } from '@cuntu/messages';
import { ApiError, invalidFields, type FieldProblem } from '../errors';
import { activeProfile, type FeatureContext } from '../features/features.service';
import { assertAreaInRegion, assertInRegion, regionOf } from '../auth/region';
import { createTasksRepo, type TaskFilter, type TaskWrite } from './tasks.repo';

/** A task's ETag: its version. */
export const taskEtag = (task: { version: number }) => `"t${task.version}"`;

const ruleOf = (id: string) => RULES.find((r) => r.id === id) ?? null;
const problem = (field: string, key: string, params: Record<string, string | number> = {}): FieldProblem => ({ field, problem: (locale: Locale) => message(locale, key, params) });
const refuse = (...problems: FieldProblem[]) => new ApiError(422, 'invalid_properties', { key: 'error.invalidProperties' }, problems);
const notFound = (id: number) => new ApiError(404, 'task_not_found', { key: 'error.taskNotFound', params: { id } });

function signedIn(ctx: FeatureContext): Principal {
  if (!ctx.user) throw new ApiError(401, 'login_required', { key: 'error.loginRequired' });
  return ctx.user;
}

/** Sets tasks for `team`: a reviewer for any team, an editor for their own. */
function assertMaySet(user: Principal, team: EditorTeam) {
  if (!canReviewTasks(user) && !canWorkTasks(user, team)) throw new ApiError(403, 'forbidden', { key: 'error.mayNotSetTask', params: { team: { key: `task.team.${team}` } } });
}

/** The responsible person must exist, work for the team and reach the task's place. */
async function assigneeProblems(ctx: FeatureContext, assigneeId: number | null | undefined, team: EditorTeam, place: string): Promise<FieldProblem[]> {
  if (assigneeId === null || assigneeId === undefined) return [];
  const person = await createTasksRepo(ctx.database.db).person(assigneeId);
  if (!person || person.disabled) return [problem('assigneeId', 'validation.noSuchAccount', { id: assigneeId })];
  const principal = { id: assigneeId, username: '', roles: person.roles, editorTeams: person.editorTeams, region: person.region } as Principal;
  if (!canWorkTasks(principal, team)) return [problem('assigneeId', 'validation.notInTeam', { team: message('zh-CN', `task.team.${team}`) })];
  if (!regionCovers(person.region, place)) return [problem('assigneeId', 'validation.assigneeOutsidePlace')];
  return [];
}

/** Holds the task for the transaction and compares the ETag the user started from (null: no comparison, an undo); its state before the change. */
async function lockedTask(repo: ReturnType<typeof createTasksRepo>, id: number, expectedEtag: string | null) {
  const before = await repo.state(id, true);
  if (!before) throw notFound(id);
  if (expectedEtag !== null && taskEtag(before.properties) !== expectedEtag) {
    throw new ApiError(412, 'version_conflict', { key: 'error.recordChanged', params: { version: before.properties.version } }, { current: before.properties });
  }
  return before;
}

/**
 * 整改任务: set from failing verdicts or by hand, worked by the responsible team, decided by a reviewer,
 * closed and reopened by the check runs (migration 0015's triggers). Every change audited, with an ETag.
 */
export const tasksService = {
  filterFor(ctx: FeatureContext, q: Omit<TaskFilter, 'region' | 'teams'>): TaskFilter {
    return { ...q, region: regionOf(ctx.user), teams: teamsSeenBy(signedIn(ctx)) };
  },

  async list(ctx: FeatureContext, q: Omit<TaskFilter, 'region' | 'teams'>, page: { limit: number; offset: number }) {
    await assertAreaInRegion(ctx.database, ctx.user, q.county, q.town, q.village);
    return createTasksRepo(ctx.database.db).list(this.filterFor(ctx, q), page);
  },

  async ledger(ctx: FeatureContext, q: Omit<TaskFilter, 'region' | 'teams'>) {
    await assertAreaInRegion(ctx.database, ctx.user, q.county, q.town, q.village);
    return createTasksRepo(ctx.database.db).ledger(this.filterFor(ctx, q));
  },

  async get(ctx: FeatureContext, id: number): Promise<Task> {
    const user = signedIn(ctx);
    const task = await createTasksRepo(ctx.database.db).get(id);
    if (!task || !canSeeTasksOf(user, task.team)) throw notFound(id);
    await assertInRegion(ctx.database, user, task.villageCode ?? task.countyCode);
    return task;
  },

  /** A task set by hand: tied to a failing (or unknown) verdict of a rule, or to a village with the problem in words. */
  async create(ctx: FeatureContext, input: unknown): Promise<Task> {
    const user = signedIn(ctx);
    const parsed = TASK_INPUT_SCHEMA.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues, input);
    const t = parsed.data;
    const repo = createTasksRepo(ctx.database.db);
    let place: { countyCode: string; townCode: string | null; villageCode: string | null; label: string | null; location: { type: 'Point'; coordinates: number[] } | null };
    let team = t.team ?? null;
    if (t.ruleId !== undefined) {
      const rule = ruleOf(t.ruleId);
      if (!rule) throw refuse(problem('ruleId', 'validation.noSuchRule', { rule: t.ruleId }));
      if (rule.subject !== t.subjectType) throw refuse(problem('subjectType', 'validation.ruleJudges', { subject: message('zh-CN', `task.subject.${rule.subject}`) }));
      const found = await repo.subjectVerdict((await activeProfile(ctx)).id, rule.id, t.subjectType, t.subjectId!);
      if (!found || !found.countyCode) throw refuse(problem('subjectId', 'validation.noSuchSubject', { id: t.subjectId! }));
      if (found.verdict === 'pass') throw refuse(problem('ruleId', 'validation.subjectPasses'));
      const open = await repo.unclosed(rule.id, t.subjectType, t.subjectId!);
      if (open !== null) throw refuse(problem('ruleId', 'validation.taskExists', { id: open }));
      place = { countyCode: found.countyCode, townCode: found.townCode, villageCode: found.villageCode, label: found.label, location: found.location };
      team ??= rule.team;
    } else {
      const village = await repo.village(t.villageCode!);
      if (!village) throw refuse(problem('villageCode', 'validation.noSuchVillage', { code: t.villageCode! }));
      place = { countyCode: village.countyCode, townCode: village.townCode, villageCode: t.villageCode!, label: null, location: t.location ?? village.location };
    }
    if (!team) throw refuse(problem('team', 'validation.required'));
    await assertInRegion(ctx.database, user, place.villageCode ?? place.countyCode);
    assertMaySet(user, team);
    const problems = await assigneeProblems(ctx, t.assigneeId, team, place.villageCode ?? place.countyCode);
    if (problems.length) throw refuse(...problems);
    const id = await ctx.database.db.transaction(async (tx) => {
      const txRepo = createTasksRepo(tx);
      const id = await txRepo.insert({
        countyCode: place.countyCode, townCode: place.townCode, villageCode: place.villageCode, ruleId: t.ruleId ?? null, subjectType: t.subjectType ?? null,
        subjectId: t.subjectId ?? null, subjectLabel: place.label, location: place.location, problem: t.problem, measure: t.measure ?? null, team: team!,
        assigneeId: t.assigneeId ?? null, deadline: t.deadline,
      }, user.username);
      await txRepo.audit(user, id, 'create', null, await txRepo.state(id));
      if (t.assigneeId) await txRepo.notify(t.assigneeId, id, 'assigned');
      return id;
    });
    return (await repo.get(id))!;
  },

  /** Tasks for every failing (or unknown) verdict of a rule — or of every rule with a team — in a county or town, in one statement per subject type. */
  async createFromVerdicts(ctx: FeatureContext, input: unknown) {
    const user = signedIn(ctx);
    const parsed = TASKS_FROM_VERDICTS_SCHEMA.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues, input);
    const q = parsed.data;
    const chosen = q.ruleId === undefined ? RULES : [ruleOf(q.ruleId)].filter((r) => r !== null);
    if (!chosen.length) throw refuse(problem('ruleId', 'validation.noSuchRule', { rule: q.ruleId! }));
    const teamOf = (rule: (typeof RULES)[number]) => q.team ?? rule.team;
    if (q.ruleId !== undefined && !teamOf(chosen[0])) throw refuse(problem('team', 'validation.required'));
    const rules = chosen.filter((r) => teamOf(r) !== null && (canReviewTasks(user) || canWorkTasks(user, teamOf(r)!)));
    if (!rules.length) throw new ApiError(403, 'forbidden', { key: 'error.mayNotSetTask', params: { team: { key: `task.team.${q.team ?? chosen[0].team ?? 'roads'}` } } });
    if (q.ruleId !== undefined) assertMaySet(user, teamOf(chosen[0])!);
    const area = q.town ?? q.county!;
    await assertAreaInRegion(ctx.database, user, area);
    const assigneeTeams = [...new Set(rules.map((r) => teamOf(r)!))];
    const problems = (await Promise.all(assigneeTeams.map((team) => assigneeProblems(ctx, q.assigneeId, team, area)))).flat();
    if (problems.length) throw refuse(problems[0]);
    const profile = await activeProfile(ctx);
    const subjects = [...new Set(rules.map((r) => r.subject))] as RuleSubject[];
    const made = await ctx.database.db.transaction(async (tx) => {
      const repo = createTasksRepo(tx);
      let ids: number[] = [];
      let skipped = 0;
      for (const subject of subjects) {
        const ofSubject = rules.filter((r) => r.subject === subject);
        const result = await repo.insertFromVerdicts({
          profileId: profile.id, subject, rules: ofSubject.map((r) => r.id), verdicts: q.verdicts, area: { county: q.county, town: q.town }, region: regionOf(user),
          teams: Object.fromEntries(ofSubject.map((r) => [r.id, teamOf(r)!])), titles: Object.fromEntries(ofSubject.map((r) => [r.id, message('zh-CN', 'ledger.ruleProblem', { rule: r.titleZh })])),
          measure: q.measure ?? null, assigneeId: q.assigneeId ?? null, deadline: q.deadline, by: user,
        });
        ids = ids.concat(result.ids);
        skipped += result.skipped;
      }
      return { ids, skipped };
    });
    return { created: made.ids.length, skipped: made.skipped, ids: made.ids, rules: rules.map((r) => r.id) };
  },

  /** Changes a task's words, team, person or deadline; `expectedEtag` is the ETag the user started from. */
  async change(ctx: FeatureContext, id: number, expectedEtag: string, input: unknown) {
    const user = signedIn(ctx);
    const parsed = TASK_CHANGE_SCHEMA.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues, input);
    const change = parsed.data;
    const current = await this.get(ctx, id);
    assertMaySet(user, current.team);
    if (change.team) assertMaySet(user, change.team);
    const team = change.team ?? current.team;
    const assigneeId = change.assigneeId === undefined ? current.assigneeId : change.assigneeId;
    if (change.team !== undefined || change.assigneeId !== undefined) {
      const problems = await assigneeProblems(ctx, assigneeId, team, current.villageCode ?? current.countyCode);
      if (problems.length) throw refuse(...problems);
    }
    return this.write(ctx, user, id, expectedEtag, change, 'update', change.assigneeId && change.assigneeId !== current.assigneeId ? { to: change.assigneeId, kind: 'assigned' } : null);
  },

  /** A person's step in the task's life: the team starts and submits, a reviewer verifies, returns or reopens. */
  async step(ctx: FeatureContext, id: number, expectedEtag: string, input: unknown) {
    const user = signedIn(ctx);
    const parsed = TASK_STEP_SCHEMA.safeParse(input ?? {});
    if (!parsed.success) throw invalidFields(parsed.error.issues, input);
    const { action, note, reason } = parsed.data;
    const current = await this.get(ctx, id);
    const rule = TASK_ACTION_RULES[action];
    const allowed = rule.by === 'reviewer' ? canReviewTasks(user) : canWorkTasks(user, current.team);
    if (!allowed) throw new ApiError(403, 'forbidden', { key: rule.by === 'reviewer' ? 'error.reviewersOnly' : 'error.mayNotWorkTask', params: { team: { key: `task.team.${current.team}` } } });
    if (action === 'verify' && current.ruleId && current.subjectId) {
      const found = await createTasksRepo(ctx.database.db).subjectVerdict((await activeProfile(ctx)).id, current.ruleId, current.subjectType!, current.subjectId);
      if (found?.verdict === 'fail') throw new ApiError(409, 'rule_still_fails', { key: 'error.ruleStillFails' });
    }
    const fields: TaskWrite = { state: rule.to };
    if (action === 'submit') fields.note = note!;
    if (action === 'return' || action === 'reopen') fields.returnReason = reason!;
    if (action === 'verify') Object.assign(fields, { closedBy: 'review', closedAt: new Date().toISOString() });
    if (action === 'reopen') Object.assign(fields, { closedBy: null, closedAt: null });
    const told: Partial<Record<string, TaskNoticeKind>> = { return: 'returned', verify: 'verified', reopen: 'reopened' };
    return this.write(ctx, user, id, expectedEtag, fields, 'update', told[action] && current.assigneeId ? { to: current.assigneeId, kind: told[action]! } : null, (state) => {
      if (nextTaskState(state, action) === null) {
        throw new ApiError(409, 'step_not_allowed', { key: 'error.taskStepNotAllowed', params: { action: { key: `task.action.${action}` }, state: { key: `task.state.${state}` } } });
      }
    });
  },

  /** Writes under the task's lock: the ETag compared, the step checked against the state, the change audited and the person told. */
  async write(ctx: FeatureContext, user: Principal, id: number, expectedEtag: string | null, fields: TaskWrite, action: 'update' | 'revert', notice: { to: number; kind: TaskNoticeKind } | null, check?: (state: TaskState) => void) {
    await ctx.database.db.transaction(async (tx) => {
      const repo = createTasksRepo(tx);
      const before = await lockedTask(repo, id, expectedEtag);
      check?.(before.properties.state);
      await repo.write(id, fields, user.username);
      await repo.audit(user, id, action, before, await repo.state(id));
      if (notice && notice.to !== user.id) await repo.notify(notice.to, id, notice.kind);
    });
    return (await createTasksRepo(ctx.database.db).get(id))!;
  },

  /** Removes a task set by mistake (reviewers). */
  async remove(ctx: FeatureContext, id: number, expectedEtag: string | null, action: 'delete' | 'revert' = 'delete') {
    const user = signedIn(ctx);
    if (!canReviewTasks(user)) throw new ApiError(403, 'forbidden', { key: 'error.reviewersOnly' });
    if (expectedEtag !== null) await this.get(ctx, id);
    await ctx.database.db.transaction(async (tx) => {
      const repo = createTasksRepo(tx);
      const before = await lockedTask(repo, id, expectedEtag);
      await repo.remove(id);
      await repo.audit(user, id, action, before, null);
    });
    return { removed: id };
  },

  /** Undoes one audited change of a task (the audit screen): back to the state before it, removed if it was made, put back if it was removed. */
  async undo(ctx: FeatureContext, id: number, before: AuditedState | null) {
    const user = signedIn(ctx);
    if (!canReviewTasks(user)) throw new ApiError(403, 'forbidden', { key: 'error.reviewersOnly' });
    const exists = (await createTasksRepo(ctx.database.db).state(id)) !== null;
    if (before === null) {
      if (!exists) throw new ApiError(409, 'already_deleted', { key: 'error.taskNotFound', params: { id } });
      return this.remove(ctx, id, null, 'revert');
    }
    const p = before.properties as Record<string, never>;
    if (!exists) {
      await ctx.database.db.transaction(async (tx) => {
        const repo = createTasksRepo(tx);
        await repo.restore(before, user.username);
        await repo.audit(user, id, 'revert', null, await repo.state(id));
      });
      return { task: (await createTasksRepo(ctx.database.db).get(id))! };
    }
    const fields: TaskWrite = {
      problem: p.problem, measure: p.measure, team: p.team, assigneeId: p.assigneeId, deadline: p.deadline, state: p.state, note: p.note,
      returnReason: p.returnReason, closedBy: p.closedBy, closedAt: p.closedAt,
    };
    return { task: await this.write(ctx, user, id, null, fields, 'revert', null) };
  },

  async summary(ctx: FeatureContext, q: { county?: string; town?: string }) {
    await assertAreaInRegion(ctx.database, ctx.user, q.county, q.town);
    const filter = this.filterFor(ctx, q);
    const area = q.town ? 'village' as const : q.county ? 'town' as const : 'county' as const;
    return { area, ...(await createTasksRepo(ctx.database.db).summary(filter, area)) };
  },

  /** Who may be made responsible for a team's tasks, for those who set them. */
  async people(ctx: FeatureContext, team: EditorTeam) {
    const user = signedIn(ctx);
    assertMaySet(user, team);
    const people = await createTasksRepo(ctx.database.db).people(team);
    return people.filter((p) => regionsOverlap(p.region, regionOf(user))).map(({ id, name }) => ({ id, name }));
  },

  notices: (ctx: FeatureContext, limit: number) => createTasksRepo(ctx.database.db).notices(signedIn(ctx).id, limit),
  /** Marks the reader's notices read (all, or those named); how many stay unread. */
  async markRead(ctx: FeatureContext, ids: number[] | null): Promise<number> {
    const repo = createTasksRepo(ctx.database.db);
    await repo.markRead(signedIn(ctx).id, ids);
    return repo.unread(signedIn(ctx).id);
  },
};

import { sql, type SQL } from 'drizzle-orm';
import { codeInRegionSql, LAYER_TABLES, pgArray, rowsOf, type Db, type Tx } from '@cuntu/db';
import { LAYER_IDS, RECTIFICATION_RECORD, type AuditedState, type EditorTeam, type RuleSubject, type Task, type TaskNoticeKind, type TaskState } from '@cuntu/domain';

type Executor = Db | Tx;

/** Today where the counties are (China Standard Time, no daylight saving): a task past its deadline from the day after. */
const TODAY_SQL = sql`(now() AT TIME ZONE 'UTC' + interval '8 hours')::date`;
/** An unclosed task past its deadline. */
const OVERDUE_SQL = sql`(t.state <> 'closed' AND t.deadline < ${TODAY_SQL})`;

/** The layer whose own features are a rule subject (a village, a road, a house…), and how its table names and places one. */
export function subjectTable(subject: string) {
  const layer = LAYER_IDS.find((id) => LAYER_TABLES[id].subjectType === subject);
  return layer ? LAYER_TABLES[layer] : null;
}

/** Which tasks a list, map, ledger or summary reads. */
export interface TaskFilter {
  region: string | null;
  teams: readonly EditorTeam[];
  county?: string;
  town?: string;
  village?: string;
  team?: EditorTeam;
  state?: TaskState;
  ruleId?: string;
  overdue?: boolean;
  assigneeId?: number;
}

/** The filter as a condition on the tasks (aliased `t`). */
function taskWhere(f: TaskFilter): SQL {
  const parts: SQL[] = [sql`t.team = ANY(${pgArray(f.teams)}::text[])`];
  if (f.region !== null) parts.push(codeInRegionSql(sql`coalesce(t.village_code, t.county_code)`, f.region));
  if (f.county) parts.push(sql`t.county_code = ${f.county}`);
  if (f.town) parts.push(sql`t.town_code = ${f.town}`);
  if (f.village) parts.push(sql`t.village_code = ${f.village}`);
  if (f.team) parts.push(sql`t.team = ${f.team}`);
  if (f.state) parts.push(sql`t.state = ${f.state}`);
  if (f.ruleId) parts.push(sql`t.rule_id = ${f.ruleId}`);
  if (f.overdue !== undefined) parts.push(f.overdue ? OVERDUE_SQL : sql`NOT ${OVERDUE_SQL}`);
  if (f.assigneeId !== undefined) parts.push(sql`t.assignee_id = ${f.assigneeId}`);
  return sql.join(parts, sql` AND `);
}

const TASK_COLUMNS = sql`t.id, t.state, ${OVERDUE_SQL} AS overdue, t.rule_id AS "ruleId", t.subject_type AS "subjectType",
  t.subject_id AS "subjectId", t.subject_label AS "subjectLabel", t.county_code AS "countyCode", t.town_code AS "townCode", tw.name AS "townName",
  t.village_code AS "villageCode", v.name AS "villageName", t.problem, t.measure, t.team, t.assignee_id AS "assigneeId",
  coalesce(u.display_name, u.username) AS "assigneeName", t.deadline::text AS deadline, t.note, t.return_reason AS "returnReason",
  t.closed_by AS "closedBy", t.closed_at AS "closedAt", t.created_by AS "createdBy", t.created_at AS "createdAt", t.updated_at AS "updatedAt",
  t.version, ST_AsGeoJSON(t.location, 7)::json AS location`;
const TASK_FROM = sql`rectification_tasks t LEFT JOIN towns tw ON tw.code = t.town_code LEFT JOIN villages v ON v.code = t.village_code LEFT JOIN users u ON u.id = t.assignee_id`;

const iso = (value: unknown): string | null => (value === null || value === undefined ? null : new Date(value as string).toISOString());
const asTask = (row: Record<string, unknown>): Task => ({
  ...(row as unknown as Task),
  closedAt: iso(row.closedAt), createdAt: iso(row.createdAt)!, updatedAt: iso(row.updatedAt)!,
  location: typeof row.location === 'string' ? JSON.parse(row.location) : (row.location as Task['location']),
});

/** The columns a task is set with. */
export interface NewTask {
  countyCode: string;
  townCode: string | null;
  villageCode: string | null;
  ruleId: string | null;
  subjectType: string | null;
  subjectId: string | null;
  subjectLabel: string | null;
  location: { type: 'Point'; coordinates: number[] } | null;
  problem: string;
  measure: string | null;
  team: EditorTeam;
  assigneeId: number | null;
  deadline: string;
}

/** The fields a person's change or step writes (undefined: left as it is). */
export interface TaskWrite {
  problem?: string;
  measure?: string | null;
  team?: EditorTeam;
  assigneeId?: number | null;
  deadline?: string;
  state?: TaskState;
  note?: string | null;
  returnReason?: string | null;
  closedBy?: 'check' | 'review' | null;
  closedAt?: string | null;
}

const WRITE_COLUMNS: Record<keyof TaskWrite, string> = {
  problem: 'problem', measure: 'measure', team: 'team', assigneeId: 'assignee_id', deadline: 'deadline', state: 'state', note: 'note',
  returnReason: 'return_reason', closedBy: 'closed_by', closedAt: 'closed_at',
};

/** All SQL of rectification tasks: reading them (one, a page, the map's, the ledger's, a summary), writing them with their audit and notices. */
export function createTasksRepo(db: Executor) {
  const rows = async <T>(query: SQL): Promise<T[]> => rowsOf<T>(await db.execute(query));

  return {
    async get(id: number): Promise<Task | null> {
      const [row] = await rows<Record<string, unknown>>(sql`SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE t.id = ${id}`);
      return row ? asTask(row) : null;
    },

    /** The task as the audit log records it; `lock` holds the row for the transaction. */
    async state(id: number, lock = false): Promise<(AuditedState & { properties: { state: TaskState; version: number; team: EditorTeam; ruleId: string | null; countyCode: string; villageCode: string | null } }) | null> {
      const [row] = await rows<{ state: AuditedState }>(sql`SELECT rectification_task_state(t) AS state FROM rectification_tasks t WHERE t.id = ${id} ${lock ? sql`FOR UPDATE` : sql``}`);
      return (row?.state as never) ?? null;
    },

    async list(filter: TaskFilter, page: { limit: number; offset: number }): Promise<{ total: number; tasks: Task[] }> {
      const where = taskWhere(filter);
      const [{ total }] = await rows<{ total: number }>(sql`SELECT count(*)::int AS total FROM rectification_tasks t WHERE ${where}`);
      const found = await rows<Record<string, unknown>>(sql`SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE ${where}
        ORDER BY (t.state = 'closed'), t.deadline, t.id LIMIT ${page.limit} OFFSET ${page.offset}`);
      return { total, tasks: found.map(asTask) };
    },

    /** The ledger's rows: every task the filter keeps, in the order offices list them (town, village, then when set). */
    async ledger(filter: TaskFilter): Promise<Task[]> {
      const found = await rows<Record<string, unknown>>(sql`SELECT ${TASK_COLUMNS} FROM ${TASK_FROM} WHERE ${taskWhere(filter)}
        ORDER BY t.town_code NULLS LAST, t.village_code NULLS LAST, t.id`);
      return found.map(asTask);
    },

    async insert(task: NewTask, by: string): Promise<number> {
      const location = task.location ? sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(task.location)}), 4326)` : sql`NULL`;
      const [{ id }] = await rows<{ id: number }>(sql`
        INSERT INTO rectification_tasks (county_code, town_code, village_code, rule_id, subject_type, subject_id, subject_label, location, problem, measure, team, assignee_id, deadline, created_by, updated_by)
        VALUES (${task.countyCode}, ${task.townCode}, ${task.villageCode}, ${task.ruleId}, ${task.subjectType}, ${task.subjectId}, ${task.subjectLabel}, ${location},
          ${task.problem}, ${task.measure}, ${task.team}, ${task.assigneeId}, ${task.deadline}, ${by}, ${by})
        RETURNING id`);
      return id;
    },

    /**
     * Tasks for every verdict of `rules` that `verdicts` keeps in a county or town under the profile,
     * skipping subjects that have an unclosed task of the rule: one statement per subject type (its
     * label and point come from its own table), each task audited. The ids made, in the order made.
     */
    async insertFromVerdicts(o: {
      profileId: number; subject: RuleSubject; rules: string[]; verdicts: string[]; area: { county?: string; town?: string }; region: string | null;
      teams: Record<string, EditorTeam>;
      /** Each rule's words opening the problem, the verdict's reason after them. */
      titles: Record<string, string>; measure: string | null; assigneeId: number | null; deadline: string; by: { id: number; username: string };
    }): Promise<{ ids: number[]; skipped: number }> {
      const table = subjectTable(o.subject);
      if (!table) return { ids: [], skipped: 0 };
      const area = o.area.town ? sql`r.town_code = ${o.area.town}` : sql`r.county_code = ${o.area.county}`;
      const inRegion = o.region === null ? sql`true` : codeInRegionSql(sql`coalesce(r.village_code, r.county_code)`, o.region);
      const matching = sql`FROM check_results r LEFT JOIN ${table.table} ON ${table.id}::text = r.subject_id WHERE r.profile_id = ${o.profileId} AND r.subject_type = ${o.subject} AND r.rule_id = ANY(${pgArray(o.rules)}::text[])
        AND r.verdict = ANY(${pgArray(o.verdicts)}::text[]) AND ${area} AND ${inRegion} AND r.county_code IS NOT NULL`;
      const unclosed = sql`EXISTS (SELECT 1 FROM rectification_tasks k WHERE k.rule_id = r.rule_id AND k.subject_type = r.subject_type AND k.subject_id = r.subject_id AND k.state <> 'closed')`;
      const [{ skipped }] = await rows<{ skipped: number }>(sql`SELECT count(*)::int AS skipped ${matching} AND ${unclosed}`);
      const made = await rows<{ id: number }>(sql`
        WITH made AS (
          INSERT INTO rectification_tasks (county_code, town_code, village_code, rule_id, subject_type, subject_id, subject_label, location, problem, measure, team, assignee_id, deadline, created_by, updated_by)
          SELECT r.county_code, r.town_code, r.village_code, r.rule_id, r.subject_type, r.subject_id, ${table.label}, ST_PointOnSurface(${table.geometry}),
            (${JSON.stringify(o.titles)}::jsonb ->> r.rule_id) || coalesce(r.reason_zh, ''), ${o.measure}, ${JSON.stringify(o.teams)}::jsonb ->> r.rule_id,
            ${o.assigneeId}, ${o.deadline}::date, ${o.by.username}, ${o.by.username}
          ${matching} AND NOT ${unclosed}
          ORDER BY r.town_code, r.village_code, r.rule_id, r.subject_id
          RETURNING id, assignee_id, rectification_task_state(rectification_tasks) AS state
        ), audited AS (
          INSERT INTO audit_log (user_id, username, layer, feature_id, action, after)
          SELECT ${o.by.id}, ${o.by.username}, ${RECTIFICATION_RECORD.kind}, id::text, 'create', state FROM made
        ), told AS (
          INSERT INTO task_notices (user_id, task_id, kind) SELECT assignee_id, id, 'assigned' FROM made WHERE assignee_id IS NOT NULL
        )
        SELECT id FROM made ORDER BY id`);
      return { ids: made.map((m) => m.id), skipped };
    },

    /** Writes a person's change or step, counting the version; the state before and after, as the audit log records them. */
    async write(id: number, change: TaskWrite, by: string): Promise<void> {
      const sets = (Object.keys(change) as Array<keyof TaskWrite>).filter((k) => change[k] !== undefined)
        .map((k) => sql`${sql.raw(WRITE_COLUMNS[k])} = ${change[k]}`);
      await db.execute(sql`UPDATE rectification_tasks SET ${sql.join([...sets, sql`version = version + 1`, sql`updated_at = now()`, sql`updated_by = ${by}`], sql`, `)} WHERE id = ${id}`);
    },

    /** Puts back a task removed by mistake (an undo of its removal) under its own id, as the audit log recorded it. */
    async restore(state: AuditedState, by: string): Promise<void> {
      const p = state.properties as Record<string, string | number | null>;
      const location = state.geometry ? sql`ST_SetSRID(ST_GeomFromGeoJSON(${JSON.stringify(state.geometry)}), 4326)` : sql`NULL`;
      await db.execute(sql`
        INSERT INTO rectification_tasks (id, county_code, town_code, village_code, rule_id, subject_type, subject_id, subject_label, location, problem, measure, team,
          assignee_id, deadline, state, note, return_reason, closed_by, closed_at, version, created_by, updated_by)
        VALUES (${p.id}, ${p.countyCode}, ${p.townCode}, ${p.villageCode}, ${p.ruleId}, ${p.subjectType}, ${p.subjectId}, ${p.subjectLabel}, ${location}, ${p.problem},
          ${p.measure}, ${p.team}, ${p.assigneeId}, ${p.deadline}::date, ${p.state}, ${p.note}, ${p.returnReason}, ${p.closedBy}, ${p.closedAt}::timestamptz,
          ${Number(p.version) + 1}, ${by}, ${by})`);
    },

    async remove(id: number): Promise<void> {
      await db.execute(sql`DELETE FROM rectification_tasks WHERE id = ${id}`);
    },

    async audit(by: { id: number | null; username: string }, id: number, action: 'create' | 'update' | 'delete' | 'revert', before: AuditedState | null, after: AuditedState | null): Promise<void> {
      await db.execute(sql`INSERT INTO audit_log (user_id, username, layer, feature_id, action, before, after)
        VALUES (${by.id}, ${by.username}, ${RECTIFICATION_RECORD.kind}, ${String(id)}, ${action}, ${before && JSON.stringify(before)}::jsonb, ${after && JSON.stringify(after)}::jsonb)`);
    },

    /** A subject's verdict of a rule under the profile, with its place, its name and a point on it; null when it has none. */
    async subjectVerdict(profileId: number, ruleId: string, subjectType: string, subjectId: string) {
      const table = subjectTable(subjectType);
      if (!table) return null;
      const [row] = await rows<{ verdict: string; countyCode: string | null; townCode: string | null; villageCode: string | null; label: string | null; location: string | null }>(sql`
        SELECT r.verdict, r.county_code AS "countyCode", r.town_code AS "townCode", r.village_code AS "villageCode",
          ${table.label}::text AS label, ST_AsGeoJSON(ST_PointOnSurface(${table.geometry}), 7) AS location
        FROM check_results r LEFT JOIN ${table.table} ON ${table.id}::text = r.subject_id
        WHERE r.profile_id = ${profileId} AND r.rule_id = ${ruleId} AND r.subject_type = ${subjectType} AND r.subject_id = ${subjectId}`);
      return row ? { ...row, location: row.location ? JSON.parse(row.location) : null } : null;
    },

    /** The unclosed task of a rule for a subject, if there is one. */
    async unclosed(ruleId: string, subjectType: string, subjectId: string): Promise<number | null> {
      const [row] = await rows<{ id: number }>(sql`SELECT id FROM rectification_tasks WHERE rule_id = ${ruleId} AND subject_type = ${subjectType} AND subject_id = ${subjectId} AND state <> 'closed' LIMIT 1`);
      return row?.id ?? null;
    },

    /** A village's town, county and committee point, or null when there is no such village. */
    async village(code: string): Promise<{ townCode: string; countyCode: string; location: { type: 'Point'; coordinates: number[] } } | null> {
      const [row] = await rows<{ townCode: string; countyCode: string; location: string }>(sql`
        SELECT v.town_code AS "townCode", tw.county_code AS "countyCode", ST_AsGeoJSON(v.committee, 7) AS location FROM villages v JOIN towns tw ON tw.code = v.town_code WHERE v.code = ${code}`);
      return row ? { ...row, location: JSON.parse(row.location) } : null;
    },

    /** An account as a task's responsible person: what it may do and where; null when there is none. */
    async person(id: number): Promise<{ roles: string[]; editorTeams: string[]; region: string | null; disabled: boolean } | null> {
      const [row] = await rows<{ roles: string[]; editorTeams: string[]; region: string | null; disabled: boolean }>(sql`
        SELECT roles, editor_teams AS "editorTeams", region_code AS region, disabled FROM users WHERE id = ${id}`);
      return row ?? null;
    },

    /** The active editors of a team, by name, with their regions. */
    async people(team: EditorTeam): Promise<Array<{ id: number; name: string; region: string | null }>> {
      return rows(sql`SELECT id, coalesce(display_name, username) AS name, region_code AS region FROM users
        WHERE NOT disabled AND 'editor' = ANY(roles) AND ${team} = ANY(editor_teams) ORDER BY name, id`);
    },

    /** Open, overdue and closed-this-month counts of the kept tasks, in all and by `area` (a division code column) and by rule. */
    async summary(filter: TaskFilter, area: 'county' | 'town' | 'village') {
      const where = taskWhere(filter);
      const month = sql`date_trunc('month', ${TODAY_SQL})`;
      const figures = sql`count(*) FILTER (WHERE t.state <> 'closed')::int AS open, count(*) FILTER (WHERE ${OVERDUE_SQL})::int AS overdue,
        count(*) FILTER (WHERE t.state = 'closed' AND t.closed_at >= ${month})::int AS "closedThisMonth", count(*)::int AS total`;
      const areaColumn = sql.raw(`t.${area}_code`);
      const areaName = area === 'county' ? sql`(SELECT name FROM counties WHERE code = t.county_code)` : area === 'town' ? sql`(SELECT name FROM towns WHERE code = t.town_code)` : sql`(SELECT name FROM villages WHERE code = t.village_code)`;
      const [totals] = await rows<{ open: number; overdue: number; closedThisMonth: number; total: number }>(sql`SELECT ${figures} FROM rectification_tasks t WHERE ${where}`);
      const byArea = await rows<{ code: string; name: string | null; open: number; overdue: number; closedThisMonth: number; total: number }>(sql`
        SELECT ${areaColumn} AS code, ${areaName} AS name, ${figures} FROM rectification_tasks t WHERE ${where} AND ${areaColumn} IS NOT NULL GROUP BY ${areaColumn} ORDER BY 3 DESC, 1`);
      const byRule = await rows<{ ruleId: string | null; open: number; overdue: number; closedThisMonth: number; total: number }>(sql`
        SELECT t.rule_id AS "ruleId", ${figures} FROM rectification_tasks t WHERE ${where} GROUP BY t.rule_id ORDER BY 2 DESC, 1 NULLS LAST`);
      return { totals, byArea, byRule };
    },

    /** How many of a person's notices are unread. */
    async unread(userId: number): Promise<number> {
      const [{ unread }] = await rows<{ unread: number }>(sql`SELECT count(*)::int AS unread FROM task_notices WHERE user_id = ${userId} AND NOT read`);
      return unread;
    },

    /** A person's notices, newest first, with their tasks' words; and how many are unread. */
    async notices(userId: number, limit: number) {
      const unread = await this.unread(userId);
      const found = await rows<{ id: number; kind: TaskNoticeKind; at: string; read: boolean; taskId: number; problem: string; villageName: string | null; state: TaskState; deadline: string }>(sql`
        SELECT n.id::int AS id, n.kind, n.at, n.read, n.task_id AS "taskId", t.problem, v.name AS "villageName", t.state, t.deadline::text AS deadline
        FROM task_notices n JOIN rectification_tasks t ON t.id = n.task_id LEFT JOIN villages v ON v.code = t.village_code
        WHERE n.user_id = ${userId} ORDER BY n.id DESC LIMIT ${limit}`);
      return { unread, notices: found.map((n) => ({ ...n, at: iso(n.at)! })) };
    },

    async markRead(userId: number, ids: number[] | null): Promise<void> {
      await db.execute(sql`UPDATE task_notices SET read = true WHERE user_id = ${userId} AND NOT read ${ids ? sql`AND id = ANY(${pgArray(ids)}::bigint[])` : sql``}`);
    },

    async notify(userId: number, taskId: number, kind: TaskNoticeKind): Promise<void> {
      await db.execute(sql`INSERT INTO task_notices (user_id, task_id, kind) VALUES (${userId}, ${taskId}, ${kind})`);
    },
  };
}

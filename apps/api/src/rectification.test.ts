import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { readSource } from '@cuntu/geo-io';
import { authHeaderFor, createJsonCaller, openTestDatabase, pdfText, TEST_DRIVERS, type TestDatabase } from '@cuntu/testing';
import { createApp } from './app';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

describe.each(TEST_DRIVERS)('rectification tasks (整改任务) on %s', (driver) => {
  let database: TestDatabase;
  let app: ReturnType<typeof createApp>;
  const auth: Record<string, { authorization: string }> = {};
  const call = createJsonCaller((path, init) => app.request(path, init), auth);
  const ids: Record<string, number> = {};
  const failing = (rule: string, extra = sql``) => database.rows<{ subjectId: string; villageCode: string; townCode: string; countyCode: string }>(sql`
    SELECT r.subject_id AS "subjectId", r.village_code AS "villageCode", r.town_code AS "townCode", r.county_code AS "countyCode"
    FROM check_results r JOIN standards_profiles p ON p.id = r.profile_id AND p.is_active WHERE r.rule_id = ${rule} AND r.verdict = 'fail' ${extra} ORDER BY r.subject_id`);
  const step = async (user: string, id: number, action: string, extra: Json = {}) => {
    const { etag } = await call('GET', `/api/tasks/${id}`, user === 'editor-water' ? 'admin' : user);
    return call('POST', `/api/tasks/${id}/steps`, user, { action, ...extra }, { 'if-match': etag! });
  };

  beforeAll(async () => {
    database = await openTestDatabase(driver);
    app = createApp({ database });
    for (const u of ['viewer', 'leader', 'editor-roads', 'editor-water', 'editor-housing', 'admin']) auth[u] = await authHeaderFor(app.request, u);
    for (const { id, username } of await database.rows<{ id: number; username: string }>(sql`SELECT id, username FROM users`)) ids[username] = id;
  });
  afterAll(() => database?.close());

  it('a leader sets a task for every village failing 通村 in one town, once: a second time skips them', async () => {
    const all = await failing('village.paved_road');
    expect(all.length).toBeGreaterThan(0);
    const town = all[0].townCode;
    const inTown = all.filter((f) => f.townCode === town);
    const body = { ruleId: 'village.paved_road', town, deadline: inDays(30), assigneeId: ids['editor-roads'], measure: '硬化通村道路' };
    expect((await call('POST', '/api/tasks/from-verdicts', 'viewer', body)).status).toBe(403);
    expect((await call('POST', '/api/tasks/from-verdicts', 'editor-water', body)).status).toBe(403);
    const made = await call('POST', '/api/tasks/from-verdicts', 'leader', body);
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ created: inTown.length, skipped: 0, rules: ['village.paved_road'] });
    const again = await call('POST', '/api/tasks/from-verdicts', 'leader', body);
    expect(again.body).toMatchObject({ created: 0, skipped: inTown.length });

    const list = await call('GET', `/api/tasks?town=${town}&rule=village.paved_road`, 'editor-roads');
    expect(list.body.total).toBe(inTown.length);
    const task = list.body.tasks[0] as Json;
    expect(task).toMatchObject({ state: 'open', team: 'roads', assigneeName: '交通组（演示）', townCode: town, subjectType: 'village', measure: '硬化通村道路', overdue: false });
    expect(task.problem).toMatch(/^通村硬化路：/);
    expect(task.location.type).toBe('Point');
    // The water team does not see the roads team's tasks; the responsible person is told.
    expect((await call('GET', `/api/tasks?town=${town}`, 'editor-water')).body.total).toBe(0);
    expect((await call('GET', `/api/tasks/${task.id}`, 'editor-water')).status).toBe(404);
    const notices = await call('GET', '/api/tasks/notices', 'editor-roads');
    expect(notices.body.unread).toBe(inTown.length);
    expect(notices.body.notices[0]).toMatchObject({ kind: 'assigned' });
    expect((await call('POST', '/api/tasks/notices/read', 'editor-roads', {})).body.unread).toBe(0);
    // Whom a task can be given to: the team's editors.
    expect((await call('GET', '/api/tasks/people?team=roads', 'leader')).body.people).toEqual([{ id: ids['editor-roads'], name: '交通组（演示）' }]);
    expect((await call('GET', '/api/tasks/people?team=roads', 'viewer')).status).toBe(403);
    // Every task set is audited.
    const [{ n }] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM audit_log WHERE layer = 'rectification_tasks' AND action = 'create'`);
    expect(n).toBe(inTown.length);
  });

  it('refuses bad input naming the field: a deadline before today, a subject that does not exist or passes, a person without the team\'s role', async () => {
    const [road] = await failing('road.surface');
    const base = { ruleId: 'road.surface', subjectType: 'road', subjectId: road.subjectId, problem: '路面未硬化', deadline: inDays(10) };
    const fieldOf = async (body: Json) => {
      const answer = await call('POST', '/api/tasks', 'leader', body);
      expect(answer.status).toBe(422);
      return (answer.body.error.details as Json[]).map((d) => d.field);
    };
    expect(await fieldOf({ ...base, deadline: '2020-01-01' })).toEqual(['deadline']);
    expect(await fieldOf({ ...base, subjectId: '99999999' })).toEqual(['subjectId']);
    expect(await fieldOf({ ...base, assigneeId: ids['editor-water'] })).toEqual(['assigneeId']);
    expect(await fieldOf({ ...base, assigneeId: 999_999 })).toEqual(['assigneeId']);
    expect(await fieldOf({ ...base, ruleId: 'road.nothing' })).toEqual(['ruleId']);
    expect(await fieldOf({ ...base, subjectType: 'house' })).toEqual(['subjectType']);
    const [passing] = await database.rows<{ id: string }>(sql`SELECT subject_id AS id FROM check_results WHERE rule_id = 'road.surface' AND verdict = 'pass' LIMIT 1`);
    const passes = await call('POST', '/api/tasks', 'leader', { ...base, subjectId: passing.id }, { 'accept-language': 'en' });
    expect(passes.status).toBe(422);
    expect(passes.body.error.details[0]).toMatchObject({ field: 'ruleId', problem: expect.stringMatching(/passes the rule/) });
    expect(await fieldOf({ problem: '评估组发现', deadline: inDays(5), team: 'roads' })).toEqual(['villageCode']);
    expect(await fieldOf({ villageCode: road.villageCode, problem: '评估组发现', deadline: inDays(5) })).toEqual(['team']);
    const [{ n }] = await database.rows<{ n: number }>(sql`SELECT count(*)::int AS n FROM rectification_tasks WHERE subject_id = ${road.subjectId}`);
    expect(n).toBe(0);
    // A finding in words at a village, set by the team's own editor.
    const own = await call('POST', '/api/tasks', 'editor-roads', { villageCode: road.villageCode, problem: '评估组发现村内道路破损', team: 'roads', deadline: inDays(5) });
    expect(own.status).toBe(201);
    expect(own.etag).toBe('"t1"');
    expect(own.body).toMatchObject({ ruleId: null, villageCode: road.villageCode, state: 'open' });
    expect((await call('POST', '/api/tasks', 'editor-roads', { villageCode: road.villageCode, problem: 'x', team: 'water', deadline: inDays(5) })).status).toBe(403);
  });

  it('lives open → in progress → submitted → closed; a reviewer sends it back with a reason; each step under its ETag and its role', async () => {
    const [road] = await failing('road.surface');
    const made = await call('POST', '/api/tasks', 'leader', { ruleId: 'road.surface', subjectType: 'road', subjectId: road.subjectId, problem: '路面未硬化', deadline: inDays(10), assigneeId: ids['editor-roads'] });
    expect(made.status).toBe(201);
    const id = made.body.id as number;
    // One unclosed task per rule and subject.
    const twice = await call('POST', '/api/tasks', 'leader', { ruleId: 'road.surface', subjectType: 'road', subjectId: road.subjectId, problem: '再来一次', deadline: inDays(10) });
    expect(twice.status).toBe(422);
    expect(twice.body.error.details[0]).toMatchObject({ field: 'ruleId', problem: `该对象此项已有未销号的整改任务（编号 ${id}）` });
    expect((await call('POST', `/api/tasks/${id}/steps`, 'editor-roads', { action: 'start' })).status).toBe(428);
    expect((await call('POST', `/api/tasks/${id}/steps`, 'editor-roads', { action: 'start' }, { 'if-match': '"t9"' })).status).toBe(412);
    expect((await step('viewer', id, 'start')).status).toBe(403);
    expect((await step('editor-water', id, 'start')).status).toBe(404);
    expect((await step('editor-roads', id, 'start')).body.state).toBe('in_progress');
    expect((await step('editor-roads', id, 'verify')).status).toBe(403);
    const noNote = await step('editor-roads', id, 'submit');
    expect(noNote.status).toBe(422);
    expect(noNote.body.error.details[0].field).toBe('note');
    expect((await step('editor-roads', id, 'submit', { note: '已铺沥青' })).body).toMatchObject({ state: 'submitted', note: '已铺沥青' });
    // The data still says the road is earth: verifying is refused until a re-check passes.
    expect((await step('leader', id, 'verify')).status).toBe(409);
    const back = await step('leader', id, 'return', { reason: '未见验收资料' });
    expect(back.body).toMatchObject({ state: 'in_progress', returnReason: '未见验收资料' });
    expect((await step('leader', id, 'return', { reason: '再退' })).status).toBe(409);
    const notices = await call('GET', '/api/tasks/notices', 'editor-roads');
    expect(notices.body.notices[0]).toMatchObject({ kind: 'returned', taskId: id });
    // A change of deadline or person, under the ETag; a person outside the team is refused.
    const { etag } = await call('GET', `/api/tasks/${id}`, 'leader');
    expect((await call('PATCH', `/api/tasks/${id}`, 'leader', { deadline: '2019-01-01' }, { 'if-match': etag! })).status).toBe(422);
    expect((await call('PATCH', `/api/tasks/${id}`, 'leader', { assigneeId: ids['editor-housing'] }, { 'if-match': etag! })).status).toBe(422);
    const changed = await call('PATCH', `/api/tasks/${id}`, 'leader', { deadline: inDays(20), measure: '铺设沥青路面' }, { 'if-match': etag! });
    expect(changed.body).toMatchObject({ deadline: inDays(20), measure: '铺设沥青路面' });
    expect((await call('PATCH', `/api/tasks/${id}`, 'leader', { deadline: inDays(21) }, { 'if-match': etag! })).status).toBe(412);
    // A task in words is verified by a reviewer.
    const words = await call('POST', '/api/tasks', 'leader', { villageCode: road.villageCode, problem: '公示栏缺失', team: 'roads', deadline: inDays(3) });
    await step('editor-roads', words.body.id, 'submit', { note: '已补设' });
    expect((await step('leader', words.body.id, 'verify')).body).toMatchObject({ state: 'closed', closedBy: 'review' });
    expect((await step('leader', words.body.id, 'reopen')).status).toBe(422);
    expect((await step('leader', words.body.id, 'reopen', { reason: '复查仍缺' })).body).toMatchObject({ state: 'open', closedBy: null });
  });

  it('closes itself when a re-check passes its rule for its subject, and reopens when the rule fails again', async () => {
    const [road] = await failing('road.surface', sql`AND NOT EXISTS (SELECT 1 FROM rectification_tasks t WHERE t.subject_id = r.subject_id)`);
    const made = await call('POST', '/api/tasks', 'leader', { ruleId: 'road.surface', subjectType: 'road', subjectId: road.subjectId, problem: '路面未硬化', deadline: inDays(10), assigneeId: ids['editor-roads'] });
    const id = made.body.id as number;
    const edit = async (surface: string) => {
      const feature = await call('GET', `/api/features/roads/${road.subjectId}`, 'editor-roads');
      const answer = await call('PATCH', `/api/features/roads/${road.subjectId}`, 'editor-roads', { properties: { surface } }, { 'if-match': feature.etag! });
      expect(answer.status).toBe(200);
    };
    await edit('asphalt');
    const closed = await call('GET', `/api/tasks/${id}`, 'viewer');
    expect(closed.body).toMatchObject({ state: 'closed', closedBy: 'check' });
    expect((await call('GET', '/api/tasks/notices', 'editor-roads')).body.notices[0]).toMatchObject({ kind: 'closed_by_check', taskId: id });
    const [entry] = await database.rows<{ username: string | null; before: Json; after: Json }>(sql`
      SELECT username, before, after FROM audit_log WHERE layer = 'rectification_tasks' AND feature_id = ${String(id)} ORDER BY id DESC LIMIT 1`);
    expect(entry).toMatchObject({ username: null, before: { properties: { state: 'open' } }, after: { properties: { state: 'closed', closedBy: 'check' } } });
    await edit('earth');
    expect((await call('GET', `/api/tasks/${id}`, 'viewer')).body).toMatchObject({ state: 'open', closedBy: null });
    expect((await call('GET', '/api/tasks/notices', 'editor-roads')).body.notices[0]).toMatchObject({ kind: 'reopened_by_check' });
  });

  it('follows the verdicts of a profile made active: closed by the new one, reopened when the old comes back', async () => {
    const jigesitai = '150525100200'; // incidence 2.6 %: fails the national 2 %, passes the western 3 %
    const made = await call('POST', '/api/tasks', 'leader', { ruleId: 'village.incidence', subjectType: 'village', subjectId: jigesitai, team: 'roads', problem: '贫困发生率高于 2%', deadline: inDays(30) });
    expect(made.status).toBe(201);
    const activate = async (id: number) => {
      const started = await call('POST', `/api/standards/profiles/${id}/activate`, 'admin');
      for (let i = 0; i < 600; i++) {
        if ((await call('GET', `/api/admin/jobs/${started.body.job.id}`, 'admin')).body.state !== 'running') return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('activation did not finish');
    };
    const western = ((await call('GET', '/api/standards/profiles', 'admin')).body.profiles as Json[]).find((p) => p.key === 'western-2015')!;
    await activate(western.id);
    expect((await call('GET', `/api/tasks/${made.body.id}`, 'viewer')).body).toMatchObject({ state: 'closed', closedBy: 'check' });
    await activate(1);
    expect((await call('GET', `/api/tasks/${made.body.id}`, 'viewer')).body).toMatchObject({ state: 'open', closedBy: null });
  });

  it('the leaders\' figures: open, overdue and closed this month, by town and by rule', async () => {
    const [{ county }] = await database.rows<{ county: string }>(sql`SELECT county_code AS county FROM rectification_tasks LIMIT 1`);
    const before = await call('GET', `/api/tasks/summary?county=${county}`, 'leader');
    expect(before.status).toBe(200);
    const [late] = await database.rows<{ id: number; town: string }>(sql`UPDATE rectification_tasks SET deadline = '2020-01-01' WHERE id = (SELECT min(id) FROM rectification_tasks WHERE state <> 'closed') RETURNING id, town_code AS town`);
    const [{ village }] = await database.rows<{ village: string }>(sql`SELECT village_code AS village FROM rectification_tasks WHERE county_code = ${county} LIMIT 1`);
    const words = await call('POST', '/api/tasks', 'leader', { villageCode: village, problem: '档案不全', team: 'roads', deadline: inDays(3) });
    await step('editor-roads', words.body.id, 'submit', { note: '已补齐' });
    await step('leader', words.body.id, 'verify');
    const after = await call('GET', `/api/tasks/summary?county=${county}`, 'leader');
    expect(after.body.totals.overdue).toBe(before.body.totals.overdue + 1);
    expect(after.body.area).toBe('town');
    const town = (after.body.byArea as Json[]).find((a) => a.code === late.town)!;
    expect(town.name).toBeTruthy();
    expect(town.overdue).toBeGreaterThan(0);
    const byRule = Object.fromEntries((after.body.byRule as Json[]).map((r) => [r.ruleId, r]));
    expect(byRule['village.paved_road'].total).toBeGreaterThan(0);
    expect(after.body.totals.closedThisMonth).toBe(before.body.totals.closedThisMonth + 1);
    expect(after.body.totals.total).toBe(before.body.totals.total + 1);
    expect((await call('GET', `/api/tasks?overdue=true&county=${county}`, 'leader')).body.tasks.map((t: Json) => t.id)).toContain(late.id);
    expect((await call('GET', '/api/tasks/summary?county=110101000000', 'editor-roads')).status).toBe(403);
  });

  it('exports the ledger with the columns counties use, and reads back with the right rows', async () => {
    const [{ town }] = await database.rows<{ town: string }>(sql`SELECT town_code AS town FROM rectification_tasks WHERE rule_id = 'village.paved_road' LIMIT 1`);
    const page = await call('GET', `/api/tasks?town=${town}&limit=1000`, 'leader');
    const file = await app.request(`/api/tasks?town=${town}&format=xlsx`, { headers: { ...auth.leader, 'accept-language': 'zh-CN' } });
    expect(file.status).toBe(200);
    expect(file.headers.get('content-disposition')).toContain('.xlsx');
    const sheet = await readSource('ledger.xlsx', new Uint8Array(await file.arrayBuffer()), { location: 'optional' });
    expect(sheet.fields).toEqual(['序号', '乡镇', '村', '问题', '整改措施', '责任单位', '责任人', '完成时限', '整改进展', '是否完成']);
    expect(sheet.features.length).toBe(page.body.total);
    const rows = sheet.features.map((f) => f.properties);
    expect(rows.map((r) => r['序号'])).toEqual(rows.map((_, i) => i + 1));
    const paved = page.body.tasks.find((t: Json) => t.ruleId === 'village.paved_road') as Json;
    const row = rows.find((r) => r['村'] === paved.villageName && r['问题'] === paved.problem)!;
    expect(row).toMatchObject({ '乡镇': paved.townName, '整改措施': '硬化通村道路', '责任单位': '交通与基础设施组', '责任人': '交通组（演示）', '完成时限': paved.deadline, '是否完成': '否' });
    // A download link names its language (a link sends the browser's Accept-Language, not the page's choice).
    const english = await app.request(`/api/tasks?town=${town}&format=xlsx&lang=en`, { headers: { ...auth.leader, 'accept-language': 'zh-CN' } });
    expect((await readSource('ledger.xlsx', new Uint8Array(await english.arrayBuffer()), { location: 'optional' })).fields[0]).toBe('No.');
    expect(english.headers.get('content-disposition')).toContain('rectification-ledger');
    // The same ledger printed: A4 landscape under the snapshot's header, every task's row.
    const pdf = await app.request(`/api/tasks?town=${town}&format=pdf`, { headers: { ...auth.leader, 'accept-language': 'zh-CN' } });
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const printed = (await pdfText(new Uint8Array(await pdf.arrayBuffer()))).text;
    expect(printed).toContain('整改台账');
    expect(printed).toContain(`共 ${page.body.total} 项`);
    expect(printed).toContain('标准方案');
    for (const t of page.body.tasks as Json[]) expect(printed).toContain(t.villageName);
    const map = await app.request(`/api/tasks?town=${town}&format=geojson`, { headers: auth.viewer });
    const collection = await map.json() as Json;
    expect(collection.features.length).toBe(page.body.total);
    expect(collection.features[0].properties).toHaveProperty('overdue');
  });

  it('undoes a change from the audit screen, and a task set by mistake is removed by its undo', async () => {
    const [task] = await database.rows<{ id: number }>(sql`SELECT id FROM rectification_tasks WHERE state = 'in_progress' ORDER BY id LIMIT 1`);
    await step('editor-roads', task.id, 'submit', { note: '完成' });
    const [entry] = await database.rows<{ id: number }>(sql`SELECT id::int FROM audit_log WHERE layer = 'rectification_tasks' AND feature_id = ${String(task.id)} ORDER BY id DESC LIMIT 1`);
    expect((await call('POST', `/api/admin/audit/${entry.id}/revert`, 'admin')).status).toBe(200);
    expect((await call('GET', `/api/tasks/${task.id}`, 'viewer')).body.state).toBe('in_progress');
    const made = await call('POST', '/api/tasks', 'leader', { villageCode: (await failing('village.paved_road'))[0].villageCode, problem: '误建', team: 'roads', deadline: inDays(1) });
    const [created] = await database.rows<{ id: number }>(sql`SELECT id::int FROM audit_log WHERE layer = 'rectification_tasks' AND feature_id = ${String(made.body.id)} AND action = 'create'`);
    expect((await call('POST', `/api/admin/audit/${created.id}/revert`, 'admin')).status).toBe(200);
    expect((await call('GET', `/api/tasks/${made.body.id}`, 'viewer')).status).toBe(404);
    const [removed] = await database.rows<{ id: number }>(sql`SELECT id::int FROM audit_log WHERE layer = 'rectification_tasks' AND feature_id = ${String(made.body.id)} AND action = 'revert'`);
    expect((await call('POST', `/api/admin/audit/${removed.id}/revert`, 'admin')).status).toBe(200);
    expect((await call('GET', `/api/tasks/${made.body.id}`, 'viewer')).body).toMatchObject({ problem: '误建', state: 'open' });
  });
});

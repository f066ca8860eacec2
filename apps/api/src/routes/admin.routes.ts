import { adminApi, type auditQuery } from '@cuntu/api-contract';
import type { z } from 'zod';
import { checksAsOf, createProfilesRepo, runChecks, runFraction, statisticsYearOf, type RunProgress } from '@cuntu/checks';
import type { Context } from 'hono';
import type { AppEnv } from '../env';
import { backgroundJobView, type BackgroundWork } from '../jobs/background-jobs';
import { jobEvents } from '../jobs/job-events';
import { csvText } from '@cuntu/geo-io';
import { basemapSource, isAdminRecordKind, isLayerId, isWaterRecordKind, RECTIFICATION_RECORD, ATTACHMENT_RECORD, RELOCATION_FOOTPRINT_RECORD, VILLAGE_SERVICES_RECORD, VILLAGE_STATISTICS_RECORD } from '@cuntu/domain';
import { relocationFootprintService } from '../housing/relocation-footprint.service';
import { message } from '@cuntu/messages';
import { ApiError } from '../errors';
import { readiness } from '../readiness/readiness.repo';
import { checkTowns, commitTowns } from '../settings/towns-import';
import { readFileOrRefuse } from '../imports/read-file';
import { uploadLimit } from './imports.routes';
import { requireAdmin, requireDeploymentAdmin } from '../auth/roles';
import { assertAreaInRegion, assertInRegion, regionOf } from '../auth/region';
import { adminRouter } from './contract-routes';
import { boundaryGeometry, saveCounty } from '../settings/county-boundary';
import { changedFields, createAuditRepo, type AuditEntry } from '../audit/audit.repo';
import { featuresService, type FeatureContext } from '../features/features.service';
import type { StoredFeature } from '../features/features.repo';
import { parseFeatureId } from '../features/feature-id';
import { tasksService } from '../rectification/tasks.service';
import { attachmentsService } from '../attachments/attachments.service';
import { waterRecordsService } from '../water/water-records.service';
import { villageServicesService } from '../villages/village-services.service';
import { villageStatisticsService } from '../villages/village-statistics.service';
import { assertNoActivationRunning, startActivation, thresholdErrors } from '../profiles/profile-actions';
import { auditAdministration } from '../audit/admin-audit';

/** CSV rows of an export are capped; narrow the filter for more. */
const CSV_MAX_ROWS = 100_000;

const auditFilter = (q: z.infer<typeof auditQuery>) => ({ username: q.user, layer: q.layer, featureId: q.feature, action: q.action, from: q.from, to: q.to });
const entryView = (e: AuditEntry) => ({ ...e, at: e.at.toISOString(), changed: changedFields(e.before, e.after) });

/** A re-check's progress as a background job reports it, in both languages; it may stop while it is still judging (nothing written yet). */
const reportRun = (work: BackgroundWork, key: string, params: Record<string, string>) => (progress: RunProgress) => {
  work.report({ fraction: runFraction(progress), stepZh: message('zh-CN', key, params), stepEn: message('en', key, params) });
  if (progress.phase === 'judging') work.stopIfCancelled();
};

async function jobParam(c: Context<AppEnv>) {
  const job = await c.get('jobs').get(c.req.param('id') ?? '');
  if (!job) throw new ApiError(404, 'job_not_found', { key: 'error.jobNotFound' });
  return job;
}

/** Administration beyond accounts: settings, the county, check distances, the audit log and jobs. Admins only. */
const { routes } = adminApi;

export const adminRoutes = adminRouter()
  /** A county's towns from a boundary or seat file or a spreadsheet's code list: a dry run by default, all or nothing on commit. */
  .openapi({ ...routes.importTowns, middleware: uploadLimit }, async (c) => {
    const user = requireAdmin(c);
    const query = c.req.valid('query');
    const database = c.get('database');
    const source = await readFileOrRefuse(query.fileName?.slice(0, 200) || 'towns.geojson', new Uint8Array(await c.req.arrayBuffer()), {
      encoding: query.encoding, frame: query.frame, sheet: query.sheet, location: 'optional', limits: { maxFeatures: c.get('settings').importMaxFeatures },
    });
    const { ready, columns, ...report } = await checkTowns(database, source, c.get('settings').countyToleranceKm);
    if (!columns.code) throw new ApiError(422, 'no_code_column', { key: 'towns.noCodeColumn', params: { columns: source.fields.join('、') } });
    const view = { columns: { code: columns.code ?? null, name: columns.name ?? null }, sheet: source.sheet ?? null, notes: source.notes, ...report };
    if (query.commit !== 'true') return c.json({ committed: false, ...view }, 200);
    if (report.invalid > 0) throw new ApiError(422, 'invalid_rows', { key: 'statisticsTable.invalidRows', params: { n: report.invalid } }, report.problems);
    await assertAreaInRegion(database, user, ...ready.map((town) => town.code));
    await commitTowns(database, ready, user);
    return c.json({ committed: true, ...view }, 200);
  })
  .openapi(routes.readiness, async (c) => {
    const database = c.get('database');
    const asOf = await checksAsOf(database);
    return c.json({ asOf, year: statisticsYearOf(asOf), items: await readiness(database, asOf) }, 200);
  })
  .openapi(routes.settings, async (c) => {
    const settings = c.get('settings');
    const active = await createProfilesRepo(c.get('database')).active();
    const { reachM, snapM, groupMinHouseholds, groupReachM } = active.thresholds.road;
    return c.json({
      publicRead: settings.publicRead,
      basemap: settings.basemap,
      basemapSource: basemapSource(settings.basemap),
      checkDistances: { reachM, snapM, groupMinHouseholds, groupReachM, profile: { id: active.id, key: active.key, version: active.version, nameZh: active.nameZh } },
      limits: { importMaxBytes: settings.importMaxBytes, importMaxFeatures: settings.importMaxFeatures, countyToleranceKm: settings.countyToleranceKm },
      checksAsOf: await checksAsOf(c.get('database')),
    }, 200);
  })
  /** Changes settings; a new as-of date re-judges every county (statistics of its year, tests up to it) as a job. */
  .openapi(routes.updateSettings, async (c) => {
    const user = requireDeploymentAdmin(c);
    const change = c.req.valid('json');
    const database = c.get('database');
    const before = await checksAsOf(database);
    const previous = c.get('settings');
    const settings = await c.get('settingsStore').update(change);
    const asOf = await checksAsOf(database);
    const recorded = (s: { publicRead: boolean; basemap: unknown }, date: string) => ({ publicRead: s.publicRead, basemap: s.basemap, checksAsOf: date });
    if (JSON.stringify(recorded(previous, before)) !== JSON.stringify(recorded(settings, asOf))) {
      await auditAdministration(database, user, 'settings', 'runtime', 'update', recorded(previous, before), recorded(settings, asOf));
    }
    const job = asOf === before ? null : await c.get('jobs').start('recheck-as-of', user, (work) => runChecks(database, {
      asOf, onProgress: reportRun(work, 'job.recheckAsOf', { asOf }),
    }));
    return c.json({ publicRead: settings.publicRead, basemap: settings.basemap, basemapSource: basemapSource(settings.basemap), checksAsOf: asOf, job }, 200);
  })
  /**
   * Changes the check distances: a new version of the active profile with them (thresholds live in
   * profiles, so every verdict stays explainable by the profile that judged it), judged and activated as a job.
   */
  .openapi(routes.updateCheckDistances, async (c) => {
    const user = requireDeploymentAdmin(c);
    const body = c.req.valid('json');
    const repo = createProfilesRepo(c.get('database'));
    const active = await repo.active();
    const changed = Object.entries(body).filter(([k, v]) => active.thresholds.road[k as keyof typeof body] !== v);
    if (changed.length === 0) return c.json({ profile: active, job: null }, 200);
    // Checked before the copy is made, so a refused change leaves no new profile behind.
    await assertNoActivationRunning(c);
    const profile = await thresholdErrors(() => repo.createCopy({
      basedOnId: active.id, key: active.key, nameZh: active.nameZh, nameEn: active.nameEn,
      sourceNote: `${active.sourceNote ?? ''}\n${new Date().toISOString().slice(0, 10)} ${user.username}: ${changed.map(([k, v]) => `road.${k} = ${v}`).join(', ')}`.trim(),
      changes: { road: body },
    }));
    await auditAdministration(c.get('database'), user, 'profiles', profile.id, 'create', { basedOn: `${active.key} v${active.version}`, ...Object.fromEntries(changed.map(([k]) => [`road.${k}`, active.thresholds.road[k as keyof typeof body]])) },
      { key: profile.key, version: profile.version, ...Object.fromEntries(changed.map(([k, v]) => [`road.${k}`, v])) });
    return c.json({ profile, job: await startActivation(c, user, profile) }, 202);
  })
  /** Sets a county's name and boundary (creates it in a deployment without one), then re-checks it as a job. */
  .openapi(routes.saveCounty, async (c) => {
    const user = requireAdmin(c);
    const code = c.req.param('code');
    if (!/^\d{12}$/.test(code)) throw new ApiError(400, 'invalid_code', '县代码为 12 位数字 / A county code has 12 digits');
    await assertInRegion(c.get('database'), user, code);
    const body = c.req.valid('json');
    const boundary = body.boundary === undefined ? undefined : boundaryGeometry(body.boundary);
    const database = c.get('database');
    const { previousName, ...county } = await saveCounty(database, code, { name: body.name, boundary });
    await auditAdministration(database, user, 'counties', code, county.created ? 'create' : 'update', previousName === null ? null : { code, name: previousName }, { code, name: county.name, ...(boundary ? { boundaryReplaced: true } : {}) });
    const job = boundary
      ? await c.get('jobs').start('recheck-county', user, (work) => runChecks(database, {
        countyCodes: [code], onProgress: reportRun(work, 'job.recheckCounty', { county: county.name }),
      }))
      : null;
    return c.json({ county, job }, county.created ? 201 : 200);
  })
  .openapi(routes.job, async (c) => c.json(backgroundJobView(await jobParam(c)), 200))
  .openapi(routes.cancelJob, async (c) => {
    const job = await jobParam(c);
    if (job.state !== 'running') throw new ApiError(409, 'job_closed', { key: 'error.jobClosed', params: { state: job.state } });
    await c.get('jobs').cancel(job);
    return c.json(backgroundJobView(job), 202);
  })
  .openapi(routes.jobEvents, async (c) => {
    const job = await jobParam(c);
    return jobEvents(c, c.get('jobStore'), job.id, () => c.get('jobs').get(job.id), backgroundJobView) as never;
  })
  .openapi(routes.audit, async (c) => {
    const q = c.req.valid('query');
    const repo = createAuditRepo(c.get('database').db);
    const region = regionOf(c.get('user'));
    const [{ total, entries }, users] = await Promise.all([repo.list({ ...auditFilter(q), region }, q), repo.usernames(region)]);
    return c.json({ total, limit: q.limit, offset: q.offset, users, entries: entries.map(entryView) }, 200);
  })
  /** The filtered log as CSV for Excel (UTF-8 with BOM): one row per change, before and after as JSON. */
  .openapi(routes.auditCsv, async (c) => {
    const q = c.req.valid('query');
    const { total, entries } = await createAuditRepo(c.get('database').db).list({ ...auditFilter(q), region: regionOf(c.get('user')) }, { limit: CSV_MAX_ROWS, offset: 0 });
    if (total > CSV_MAX_ROWS) throw new ApiError(413, 'too_many_rows', `筛选结果超过 ${CSV_MAX_ROWS} 条，请缩小范围 / More than ${CSV_MAX_ROWS} entries: narrow the filter`);
    const rows = entries.map((e) => [e.id, e.at.toISOString(), e.username ?? '', e.layer, e.featureId, e.action, e.importId ?? '', changedFields(e.before, e.after).join(' '), JSON.stringify(e.before), JSON.stringify(e.after)]);
    const text = csvText(['id', 'at', 'user', 'layer', 'feature', 'action', 'import', 'changed', 'before', 'after'], rows);
    return c.body(text, 200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="audit-${new Date().toISOString().slice(0, 10)}.csv"` });
  })
  /** Undoes one change: the feature goes back to the state recorded before it (an audited revert). */
  .openapi(routes.revertAudit, async (c) => {
    const id = c.req.param('id');
    const entry = /^\d{1,15}$/.test(id) ? await createAuditRepo(c.get('database').db).get(Number(id)) : null;
    if (!entry) throw new ApiError(404, 'audit_entry_not_found', `没有审计记录 ${id} / No audit entry ${id}`);
    await assertInRegion(c.get('database'), c.get('user'), entry.regionCode);
    if (isAdminRecordKind(entry.layer)) {
      throw new ApiError(422, 'not_undoable', { key: 'error.notUndoable', params: { subject: { key: `record.${entry.layer}` } } });
    }
    const ctx: FeatureContext = { database: c.get('database'), user: c.get('user'), settings: c.get('settings') };
    if (isWaterRecordKind(entry.layer)) {
      const result = await waterRecordsService.undo(ctx, entry.layer, Number(entry.featureId), entry.before as never, entry.after as never);
      return c.json({ reverted: entry.id, ...result }, 200);
    }
    if (entry.layer === VILLAGE_SERVICES_RECORD.kind) {
      const result = await villageServicesService.undo(ctx, entry.featureId, entry.before as never);
      return c.json({ reverted: entry.id, ...result }, 200);
    }
    if (entry.layer === RELOCATION_FOOTPRINT_RECORD.kind) {
      const result = await relocationFootprintService.undo(ctx, Number(entry.featureId), entry.before as never);
      return c.json({ reverted: entry.id, ...result }, 200);
    }
    if (entry.layer === RECTIFICATION_RECORD.kind) {
      const result = await tasksService.undo(ctx, Number(entry.featureId), entry.before as never);
      return c.json({ reverted: entry.id, ...result }, 200);
    }
    if (entry.layer === ATTACHMENT_RECORD.kind) {
      const result = await attachmentsService.undo(ctx, Number(entry.featureId), entry.before);
      return c.json({ reverted: entry.id, ...result }, 200);
    }
    if (entry.layer === VILLAGE_STATISTICS_RECORD.kind) {
      const result = await villageStatisticsService.undo(ctx, entry.featureId, entry.before as never, entry.after as never);
      return c.json({ reverted: entry.id, ...result }, 200);
    }
    if (!isLayerId(entry.layer)) throw new ApiError(422, 'unknown_layer', `图层 ${entry.layer} 已不存在 / Layer ${entry.layer} no longer exists`);
    const featureId = parseFeatureId(entry.layer, entry.featureId);
    if (featureId === null) throw new ApiError(422, 'invalid_feature_id', `Invalid feature id ${entry.featureId}`);
    const result = await featuresService.undo(ctx, entry.layer, featureId, entry.before as StoredFeature | null);
    return c.json({ reverted: entry.id, ...result }, 200);
  });

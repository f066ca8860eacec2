import type { Database } from '@cuntu/db';
import type { Admission } from '../admission';
import type { LayerId, Principal } from '@cuntu/domain';
import { createProfilesRepo, runChecks } from '@cuntu/checks';
import { SourceError, type ReadOptions, type SourceTable } from '@cuntu/geo-io';
import { inEveryLocale } from '@cuntu/messages';
import { commitRows, REGION_FIELD, validateSource, type CommitResult, type ImportReport, type Progress } from './import-run';
import { JobCancelled, type JobOutcome, type JobRecord, type JobStore } from '../jobs/job-store';
import { regionName } from '../auth/region';
import type { FieldMapping } from './field-mapping';

/** How a file is to be read (limits come from the settings) and mapped. */
export interface ImportOptions extends Omit<ReadOptions, 'limits'> {
  mapping: FieldMapping;
}

export type ImportState = 'ready' | 'running' | 'validated' | 'committed' | 'rejected' | 'failed' | 'cancelled';

/** The states from which an import may be run again, re-read or discarded: not running, not closed. */
const IDLE: ImportState[] = ['ready', 'validated', 'rejected', 'failed'];

/** What an import keeps besides the job's own fields. */
export interface ImportDetail {
  layer: LayerId;
  fileName: string;
  size: number;
  mode: 'dry-run' | 'commit' | null;
  report: ImportReport | null;
  options: ImportOptions | null;
  /** How the file is read (encoding, coordinate frame, CSV columns): given at upload, changed by a later preview or run, kept for the next. */
  read: Record<string, string>;
}

export type ImportResult = CommitResult & { checks: { results: number; durationMs: number } | null; timings: { validateMs: number; writeMs: number; recheckMs: number } };
export type ImportJob = JobRecord<ImportDetail>;

/** How many files, as last read, each process keeps parsed (a preview, dry run and commit read the file once). */
const PARSED_KEPT = 4;

/** What the API shows of a job. */
export function jobView(job: ImportJob) {
  const { layer, fileName, size, mode, report, options } = job.detail;
  return {
    id: job.id, layer, fileName, size, owner: job.owner.username, createdAt: job.createdAt,
    state: job.state as ImportState, mode, progress: job.progress as Progress | null, report, result: job.result as ImportResult | null, error: job.error, options,
  };
}

/**
 * Imports: uploads waiting to be previewed, validated (dry run) or committed, and the run in progress
 * with its progress, report and result. Jobs and their files are kept in the database (`jobs`,
 * `job_files`), so any API process answers for them; a run goes on in the process that started it.
 * What a commit wrote is in the database too (`imports`, `audit_log`).
 */
/** `holdAlone`: runs the commit's write while no request uses the database (`Admission.alone`); a server needs no such thing. */
export function createImportJobs(store: JobStore, limits: { maxFeatures: number }, holdAlone: Admission['alone'] = (write) => write()) {
  const parsed = new Map<string, { key: string; source: SourceTable }>();
  const forget = (id: string) => parsed.delete(id);

  return {
    limits,

    async create(layer: LayerId, fileName: string, bytes: Uint8Array, owner: Principal, read: Record<string, string> = {}): Promise<ImportJob> {
      const detail: ImportDetail = { layer, fileName, size: bytes.byteLength, mode: null, report: null, options: null, read };
      return store.create('import', owner, detail, { state: 'ready', file: bytes });
    },

    /** A job its owner (or an admin) may see. */
    async get(id: string, user: Principal): Promise<ImportJob | null> {
      const job = await store.get<ImportDetail>(id);
      if (!job || job.kind !== 'import' || (job.owner.id !== user.id && !user.roles.includes('admin'))) return null;
      return job;
    },

    /** The file as read with `read` options (`key`), parsed once per process and kept for the next step. */
    async source(job: ImportJob, key: string, parse: (bytes: Uint8Array) => Promise<SourceTable>, bytes?: Uint8Array): Promise<SourceTable | null> {
      const kept = parsed.get(job.id);
      if (kept?.key === key) return kept.source;
      const file = bytes ?? (await store.file(job.id));
      if (!file) return null;
      const source = await parse(file);
      parsed.delete(job.id);
      parsed.set(job.id, { key, source });
      if (parsed.size > PARSED_KEPT) parsed.delete(parsed.keys().next().value!);
      return source;
    },

    /** Stores the read options a preview chose, unless a run took the job meanwhile. */
    saveRead: (job: ImportJob) => store.save(job, IDLE),

    /** Asks a running import to stop (it stops at the next chunk and rolls back what it wrote), or discards a waiting one and its file. */
    async cancel(job: ImportJob): Promise<void> {
      forget(job.id);
      if (job.state !== 'running') {
        job.state = 'cancelled';
        if (await store.save(job, IDLE, { dropFile: true })) return;
        Object.assign(job, await store.get(job.id));
      }
      if (job.state === 'running') await store.requestCancel(job);
    },

    /** Starts a dry run or a commit in this process; false when the job was not waiting (another request took it). */
    async start(job: ImportJob, mode: 'dry-run' | 'commit', options: ImportOptions, source: SourceTable, ctx: { database: Database; toleranceKm: number }): Promise<boolean> {
      Object.assign(job.detail, { mode, options, report: null });
      return store.run(job, IDLE, { phase: 'validating', done: 0, total: source.features.length }, async (control): Promise<JobOutcome> => {
        const hooks = { progress: (p: Progress) => control.report(p), checkCancelled: () => control.stopIfCancelled() };
        try {
          const t0 = performance.now();
          const region = job.owner.region === null ? null : { code: job.owner.region, name: await regionName(ctx.database, job.owner.region) };
          const { report, ready } = await validateSource(ctx.database, job.detail.layer, source, options.mapping, ctx.toleranceKm, hooks, region);
          job.detail.report = report;
          if (mode === 'dry-run') return { state: 'validated' };
          if (region && report.problemCounts[REGION_FIELD]) {
            return { state: 'rejected', error: { code: 'outside_region', message: inEveryLocale('importer.outsideRegionRefused', { n: report.problemCounts[REGION_FIELD], region: region.name }) } };
          }
          if (report.invalid > 0) {
            return { state: 'rejected', error: { code: 'invalid_rows', message: `${report.invalid} 行有错误，未写入任何数据 / ${report.invalid} rows have problems: nothing was written` } };
          }
          const t1 = performance.now();
          const committed = await commitRows(ctx.database, job.detail.layer, ready, options.mapping, { user: job.owner, fileName: job.detail.fileName, format: source.format, options }, hooks, holdAlone);
          const t2 = performance.now();
          hooks.progress({ phase: 'rechecking', done: 0, total: 1 });
          const profile = await createProfilesRepo(ctx.database).active();
          const run = committed.counties.length ? await runChecks(ctx.database, { profileId: profile.id, countyCodes: committed.counties }) : null;
          const ms = (from: number, to: number) => Math.round(to - from);
          forget(job.id);
          const result: ImportResult = {
            ...committed,
            checks: run ? { results: run.results, durationMs: run.durationMs } : null,
            timings: { validateMs: ms(t0, t1), writeMs: ms(t1, t2), recheckMs: ms(t2, performance.now()) },
          };
          return { state: 'committed', result, dropFile: true };
        } catch (e) {
          if (e instanceof JobCancelled) {
            forget(job.id);
            return { state: 'cancelled', dropFile: true };
          }
          if (e instanceof SourceError) return { state: 'failed', error: { code: e.code, message: e.message } };
          console.error(`import ${job.id} (${job.detail.layer}, ${job.detail.fileName}) failed: ${errorLine(e)}`);
          return { state: 'failed', error: { code: 'import_failed', message: `导入失败，未写入任何数据：${errorLine(e)} / The import failed and wrote nothing` } };
        }
      });
    },
  };
}

const errorLine = (e: unknown) => {
  const err = e as { cause?: { message?: string }; message?: string };
  return String(err?.cause?.message ?? err?.message ?? e).split('\n')[0];
};

export type ImportJobs = ReturnType<typeof createImportJobs>;

import { randomUUID } from 'node:crypto';
import type { Database } from '@cuntu/db';
import type { Admission } from '../admission';
import type { LayerId, Principal } from '@cuntu/domain';
import { createProfilesRepo, runChecks } from '@cuntu/checks';
import { SourceError, type ReadOptions, type SourceTable } from '@cuntu/geo-io';
import { inEveryLocale } from '@cuntu/messages';
import { commitRows, REGION_FIELD, validateSource, type CommitResult, type ImportReport, type Progress } from './import-run';
import { regionName } from '../auth/region';
import type { FieldMapping } from './field-mapping';

/** How a file is to be read (limits come from the settings) and mapped. */
export interface ImportOptions extends Omit<ReadOptions, 'limits'> {
  mapping: FieldMapping;
}

export type ImportState = 'ready' | 'running' | 'validated' | 'committed' | 'rejected' | 'failed' | 'cancelled';

export interface ImportJob {
  id: string;
  layer: LayerId;
  fileName: string;
  size: number;
  owner: Principal;
  createdAt: Date;
  state: ImportState;
  mode: 'dry-run' | 'commit' | null;
  progress: Progress | null;
  report: ImportReport | null;
  result: (CommitResult & { checks: { results: number; durationMs: number } | null; timings: { validateMs: number; writeMs: number; recheckMs: number } }) | null;
  error: { code: string; message: string } | null;
  options: ImportOptions | null;
  /** The uploaded file, kept until the import is committed or the job expires. */
  bytes: Uint8Array;
  /** How the file is read (encoding, coordinate frame, CSV columns): given at upload, changed by a later preview or run, kept for the next. */
  read: Record<string, string>;
  /** The file as last read, and the read options that gave it. */
  parsed: { key: string; source: SourceTable } | null;
  cancelRequested: boolean;
  listeners: Set<() => void>;
  touchedAt: number;
}

/** Thrown between chunks when the user cancelled: the transaction rolls back. */
class ImportCancelled extends Error {}

/** Uploads are dropped this long after their last use. */
const JOB_TTL_MS = 60 * 60 * 1000;

/** What the API shows of a job. */
export function jobView(job: ImportJob) {
  return {
    id: job.id, layer: job.layer, fileName: job.fileName, size: job.size, owner: job.owner.username, createdAt: job.createdAt.toISOString(),
    state: job.state, mode: job.mode, progress: job.progress, report: job.report, result: job.result, error: job.error, options: job.options,
  };
}

/**
 * The import jobs of this API process: uploads waiting to be previewed, validated (dry run) or
 * committed, and the run in progress with its progress, report and result. A job lives in the process
 * that took its upload; what a commit wrote is in the database (`imports`, `audit_log`).
 */
/** `holdAlone`: runs the commit's write while no request uses the database (`Admission.alone`); a server needs no such thing. */
export function createImportJobs(limits: { maxFeatures: number }, holdAlone: Admission['alone'] = (write) => write()) {
  const jobs = new Map<string, ImportJob>();
  const notify = (job: ImportJob) => {
    job.touchedAt = Date.now();
    for (const listener of job.listeners) listener();
  };
  const sweep = () => {
    const now = Date.now();
    for (const [id, job] of jobs) if (job.state !== 'running' && now - job.touchedAt > JOB_TTL_MS) jobs.delete(id);
  };

  return {
    limits,

    create(layer: LayerId, fileName: string, bytes: Uint8Array, owner: Principal, read: Record<string, string> = {}): ImportJob {
      sweep();
      const job: ImportJob = {
        id: randomUUID(), layer, fileName, size: bytes.byteLength, owner, createdAt: new Date(), state: 'ready', mode: null, progress: null,
        report: null, result: null, error: null, options: null, read, bytes, parsed: null, cancelRequested: false, listeners: new Set(), touchedAt: Date.now(),
      };
      jobs.set(job.id, job);
      return job;
    },

    /** A job its owner (or an admin) may see. */
    get(id: string, user: Principal): ImportJob | null {
      const job = jobs.get(id);
      if (!job || (job.owner.id !== user.id && !user.roles.includes('admin'))) return null;
      job.touchedAt = Date.now();
      return job;
    },

    subscribe(job: ImportJob, listener: () => void): () => void {
      job.listeners.add(listener);
      return () => job.listeners.delete(listener);
    },

    /** Asks a running import to stop; it stops at the next chunk and rolls back whatever it wrote. */
    cancel(job: ImportJob) {
      if (job.state === 'running') job.cancelRequested = true;
      else {
        job.state = 'cancelled';
        job.bytes = new Uint8Array(0);
        job.parsed = null;
      }
      notify(job);
    },

    /** Starts a dry run or a commit in the background; the job reports progress until it ends. */
    start(job: ImportJob, mode: 'dry-run' | 'commit', options: ImportOptions, source: SourceTable, ctx: { database: Database; toleranceKm: number }): void {
      Object.assign(job, { state: 'running', mode, options, cancelRequested: false, report: null, result: null, error: null, progress: { phase: 'validating', done: 0, total: source.features.length } });
      notify(job);
      const hooks = {
        progress: (p: Progress) => {
          job.progress = p;
          notify(job);
        },
        checkCancelled: () => {
          if (job.cancelRequested) throw new ImportCancelled();
        },
      };
      const work = async () => {
        const t0 = performance.now();
        const region = job.owner.region === null ? null : { code: job.owner.region, name: await regionName(ctx.database, job.owner.region) };
        const { report, ready } = await validateSource(ctx.database, job.layer, source, options.mapping, ctx.toleranceKm, hooks, region);
        job.report = report;
        if (mode === 'dry-run') return 'validated' as const;
        if (region && report.problemCounts[REGION_FIELD]) {
          job.error = { code: 'outside_region', message: inEveryLocale('importer.outsideRegionRefused', { n: report.problemCounts[REGION_FIELD], region: region.name }) };
          return 'rejected' as const;
        }
        if (report.invalid > 0) {
          job.error = { code: 'invalid_rows', message: `${report.invalid} 行有错误，未写入任何数据 / ${report.invalid} rows have problems: nothing was written` };
          return 'rejected' as const;
        }
        const t1 = performance.now();
        const committed = await commitRows(ctx.database, job.layer, ready, options.mapping, { user: job.owner, fileName: job.fileName, format: source.format, options }, hooks, holdAlone);
        const t2 = performance.now();
        hooks.progress({ phase: 'rechecking', done: 0, total: 1 });
        const profile = await createProfilesRepo(ctx.database).active();
        const run = committed.counties.length ? await runChecks(ctx.database, { profileId: profile.id, countyCodes: committed.counties }) : null;
        const ms = (from: number, to: number) => Math.round(to - from);
        job.result = {
          ...committed,
          checks: run ? { results: run.results, durationMs: run.durationMs } : null,
          timings: { validateMs: ms(t0, t1), writeMs: ms(t1, t2), recheckMs: ms(t2, performance.now()) },
        };
        job.bytes = new Uint8Array(0);
        job.parsed = null;
        return 'committed' as const;
      };
      work()
        .then((state) => {
          job.state = state;
        })
        .catch((e: unknown) => {
          if (e instanceof ImportCancelled) job.state = 'cancelled';
          else {
            job.state = 'failed';
            job.error = e instanceof SourceError ? { code: e.code, message: e.message } : { code: 'import_failed', message: `导入失败，未写入任何数据：${errorLine(e)} / The import failed and wrote nothing` };
            if (!(e instanceof SourceError)) console.error(`import ${job.id} (${job.layer}, ${job.fileName}) failed: ${errorLine(e)}`);
          }
        })
        .finally(() => {
          job.progress = null;
          notify(job);
        });
    },
  };
}

const errorLine = (e: unknown) => {
  const err = e as { cause?: { message?: string }; message?: string };
  return String(err?.cause?.message ?? err?.message ?? e).split('\n')[0];
};

export type ImportJobs = ReturnType<typeof createImportJobs>;

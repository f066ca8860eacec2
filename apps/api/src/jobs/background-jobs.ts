import type { Principal } from '@cuntu/domain';
import { message } from '@cuntu/messages';
import { ApiError } from '../errors';
import { JobCancelled, type JobRecord, type JobStore } from './job-store';

export interface JobProgress {
  /** 0…1 over the whole job. */
  fraction: number;
  stepZh: string;
  stepEn: string;
}

/** What the API shows of a background job. */
export interface BackgroundJob {
  id: string;
  kind: string;
  /** Who started it. */
  owner: string;
  state: 'running' | 'done' | 'failed' | 'cancelled';
  progress: JobProgress;
  result: unknown;
  error: { message: string } | null;
  startedAt: string;
  finishedAt: string | null;
}

/** What background work is handed: where to report progress, and where it may stop if asked to. */
export interface BackgroundWork {
  report(progress: JobProgress): void;
  /** Throws once anyone asked the job to stop: call it only where stopping leaves nothing half-written. */
  stopIfCancelled(): void;
}

const progressOf = (key: 'starting' | 'done', fraction: number): JobProgress => ({ fraction, stepZh: message('zh-CN', `job.${key}`), stepEn: message('en', `job.${key}`) });

export function backgroundJobView(job: JobRecord): BackgroundJob {
  return {
    id: job.id, kind: job.kind, owner: job.owner.username, state: job.state as BackgroundJob['state'],
    progress: (job.progress as JobProgress | null) ?? progressOf('starting', 0), result: job.result,
    error: job.error && { message: job.error.message }, startedAt: job.createdAt, finishedAt: job.finishedAt,
  };
}

/**
 * Long administrative work a request starts (a profile's activation, a re-check) and any API process
 * follows (`GET /api/admin/jobs/{id}`, its events) or cancels. At most one job of a kind runs at a
 * time in the whole deployment.
 */
export function createBackgroundJobs(store: JobStore) {
  return {
    /** A background job (not an import), or null. */
    async get(id: string): Promise<JobRecord | null> {
      const job = await store.get(id);
      return job && job.kind !== 'import' ? job : null;
    },

    running: (kind: string) => store.running(kind),

    /** Stores the job, starts `work` in this process and returns the job at once; 409 when one of its kind runs anywhere. */
    async start(kind: string, owner: Principal, work: (control: BackgroundWork) => Promise<unknown>): Promise<BackgroundJob> {
      const job = await store.create(kind, owner, {}).catch((e: unknown) => {
        if (store.isAlreadyRunning(e)) throw new ApiError(409, 'job_running', { key: 'error.jobRunning' });
        throw e;
      });
      await store.run(job, null, progressOf('starting', 0), async (control) => {
        try {
          return { state: 'done', result: await work({ report: (p) => control.report(p), stopIfCancelled: () => control.stopIfCancelled() }), progress: progressOf('done', 1) };
        } catch (e) {
          if (e instanceof JobCancelled) return { state: 'cancelled', progress: job.progress };
          console.error(`job ${kind} ${job.id} failed:`, e);
          return { state: 'failed', error: { code: 'job_failed', message: e instanceof Error ? e.message : String(e) }, progress: job.progress };
        }
      });
      return backgroundJobView(job);
    },

    cancel: (job: JobRecord) => store.requestCancel(job),
  };
}

export type BackgroundJobs = ReturnType<typeof createBackgroundJobs>;

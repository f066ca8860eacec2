import { randomUUID } from 'node:crypto';

export interface JobProgress {
  /** 0…1 over the whole job. */
  fraction: number;
  stepZh: string;
  stepEn: string;
}

export interface BackgroundJob {
  id: string;
  kind: string;
  /** Who started it. */
  owner: string;
  state: 'running' | 'done' | 'failed';
  progress: JobProgress;
  result: unknown;
  error: { message: string } | null;
  startedAt: string;
  finishedAt: string | null;
}

/** Finished jobs are forgotten this long after they end. */
const KEEP_MS = 60 * 60 * 1000;

/**
 * Long work a request starts and a client follows by polling (`GET /api/admin/jobs/{id}`): one
 * registry per API process. At most one job of a kind runs at a time.
 */
export function createBackgroundJobs() {
  const jobs = new Map<string, BackgroundJob>();
  const sweep = () => {
    const now = Date.now();
    for (const [id, job] of jobs) if (job.finishedAt && now - Date.parse(job.finishedAt) > KEEP_MS) jobs.delete(id);
  };

  return {
    get: (id: string) => jobs.get(id) ?? null,

    running: (kind: string) => [...jobs.values()].find((j) => j.kind === kind && j.state === 'running') ?? null,

    /** Starts `work` now and returns its job at once; `work` reports progress through its argument. */
    start(kind: string, owner: string, work: (report: (progress: JobProgress) => void) => Promise<unknown>): BackgroundJob {
      sweep();
      const job: BackgroundJob = {
        id: randomUUID(), kind, owner, state: 'running', progress: { fraction: 0, stepZh: '开始', stepEn: 'Starting' },
        result: null, error: null, startedAt: new Date().toISOString(), finishedAt: null,
      };
      jobs.set(job.id, job);
      work((progress) => (job.progress = progress)).then(
        (result) => Object.assign(job, { state: 'done', result, finishedAt: new Date().toISOString(), progress: { fraction: 1, stepZh: '完成', stepEn: 'Done' } }),
        (e: unknown) => {
          console.error(`job ${kind} ${job.id} failed:`, e);
          Object.assign(job, { state: 'failed', error: { message: e instanceof Error ? e.message : String(e) }, finishedAt: new Date().toISOString() });
        },
      );
      return job;
    },
  };
}

export type BackgroundJobs = ReturnType<typeof createBackgroundJobs>;

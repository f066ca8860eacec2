import { randomUUID } from 'node:crypto';
import { and, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { jobFiles, jobs, pgArray, type Database } from '@cuntu/db';
import type { Principal } from '@cuntu/domain';
import { inEveryLocale } from '@cuntu/messages';

/** Where the process that changed a job tells the others: `processId:jobId` or `processId:jobId:cancel`. */
const JOBS_CHANNEL = 'cuntu_jobs';
/** How often the process running a job says it still does. */
const HEARTBEAT_MS = 5_000;
/** A running job unheard of this long belonged to a process that stopped: it reads as interrupted. */
const STALE_MS = 30_000;
/** A running job whose process stopped (see `STALE_MS`). */
const STALE = sql`state = 'running' AND heartbeat_at < now() - make_interval(secs => ${STALE_MS / 1000})`;
/** Finished and waiting jobs are forgotten this long after they were last asked about. */
const KEEP_MS = 60 * 60 * 1000;
/** Progress is written for the other processes at most this often (every change of state at once). */
const PROGRESS_WRITE_MS = 250;
/** Jobs this process has seen lately, answered from memory while the embedded database is held by a write. */
const KNOWN_MAX = 200;

export interface JobError {
  code: string;
  message: string;
}

/** A job as any process reads it. `detail` is what its kind keeps besides (an import's file, options, report). */
export interface JobRecord<D extends object = object> {
  id: string;
  kind: string;
  owner: Principal;
  state: string;
  progress: unknown;
  result: unknown;
  error: JobError | null;
  detail: D;
  cancelRequested: boolean;
  createdAt: string;
  finishedAt: string | null;
}

/** Thrown by `JobControl.stopIfCancelled` when someone asked the job to stop: the work unwinds and rolls back. */
export class JobCancelled extends Error {
  constructor() {
    super('cancelled');
  }
}

/** What a running job's work uses to report and to notice a cancel. */
export interface JobControl<D extends object> {
  /** The job itself: change `detail` and call `report`, and the change reaches every process. */
  job: JobRecord<D>;
  report(progress: unknown): void;
  /** Throws `JobCancelled` once anyone, in any process, asked the job to stop. */
  stopIfCancelled(): void;
}

/** How a job's work ended: its final state and what it leaves. */
export interface JobOutcome {
  state: string;
  result?: unknown;
  error?: JobError | null;
  /** What its progress reads once ended; none by default. */
  progress?: unknown;
  /** Let go of the job's file (an import's upload) as it ends. */
  dropFile?: boolean;
}

type Row = typeof jobs.$inferSelect;
/** What a job whose process stopped reads as. */
const interruption = (): JobError => ({ code: 'interrupted', message: inEveryLocale('job.interrupted') });
const toIso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const ownerOf = ({ id, username, roles, editorTeams, region }: Principal): Principal => ({ id, username, roles, editorTeams, region });

/** Postgres' unique_violation: the index that keeps one job of a kind running. */
const isUniqueViolation = (e: unknown) => {
  const err = e as { code?: string; cause?: { code?: string } };
  return err?.code === '23505' || err?.cause?.code === '23505';
};

/**
 * The jobs of the deployment, kept in the database so that every API process can follow and cancel
 * them. The process running a job keeps the live copy, writes its progress (at most four times a
 * second, skipping while the embedded database is held by a write) and heartbeats; it tells the others
 * of each change on `JOBS_CHANNEL`, and hears their cancels there.
 */
export function createJobStore(database: Database) {
  const processId = randomUUID();
  // An embedded database is opened by one process only (its data directory is locked): no one else to tell.
  const shared = database.driver !== 'pglite';
  /** Jobs running in this process: the live copy and whether a write of it is due. */
  const live = new Map<string, { job: JobRecord; written: number; writing: Promise<void> | null; again: boolean }>();
  const known = new Map<string, JobRecord>();
  const listeners = new Map<string, Set<() => void>>();
  let listening: Promise<unknown> | null = null;
  let heartbeat: NodeJS.Timeout | null = null;

  const remember = (job: JobRecord) => {
    known.delete(job.id);
    known.set(job.id, job);
    if (known.size > KNOWN_MAX) known.delete(known.keys().next().value!);
    return job;
  };
  const fire = (id: string) => {
    for (const listener of listeners.get(id) ?? []) listener();
  };
  const notifyOthers = async (id: string, what = '') => {
    if (shared) await database.rows(sql`SELECT pg_notify(${JOBS_CHANNEL}, ${[processId, id, what].filter(Boolean).join(':')})`);
  };

  /** Hears the other processes: a change of a job someone here follows, or a cancel of a job running here. */
  const listen = () =>
    (listening ??= !shared ? Promise.resolve() : database.listen(JOBS_CHANNEL, (payload) => {
      const [from, id, what] = payload.split(':');
      if (from === processId) return;
      const running = live.get(id);
      if (running && what === 'cancel') running.job.cancelRequested = true;
      known.delete(id);
      fire(id);
    }).catch((e: unknown) => {
      listening = null;
      throw e;
    }));

  const fromRow = (row: Row): JobRecord => ({
    id: row.id, kind: row.kind, owner: row.owner as Principal, state: row.state, progress: row.progress ?? null, result: row.result ?? null,
    error: (row.error as JobError | null) ?? null, detail: row.detail as object, cancelRequested: row.cancelRequested,
    createdAt: toIso(row.createdAt)!, finishedAt: toIso(row.finishedAt),
  });

  const columnsOf = (job: JobRecord) => ({
    state: job.state, progress: job.progress, result: job.result, error: job.error, detail: job.detail,
    finishedAt: job.finishedAt === null ? null : new Date(job.finishedAt), touchedAt: sql`now()`,
  });

  /** Writes a running job's live copy, one write at a time, the latest state winning; later while the embedded database is held. */
  function write(id: string): Promise<void> {
    const entry = live.get(id);
    if (!entry) return Promise.resolve();
    if (entry.writing) {
      entry.again = true;
      return entry.writing;
    }
    entry.written = Date.now();
    entry.writing = (async () => {
      while (database.held()) await new Promise((resolve) => setTimeout(resolve, 50));
      await database.db.update(jobs).set({ ...columnsOf(entry.job), heartbeatAt: sql`now()` }).where(eq(jobs.id, id));
      await notifyOthers(id);
    })().catch((e: unknown) => console.error(`job ${id}: could not store its progress:`, e))
      .finally(() => {
        entry.writing = null;
        if (entry.again) {
          entry.again = false;
          void write(id);
        }
      });
    return entry.writing;
  }

  /** Every running job of this process says it still runs, and reads back a cancel it may have missed. */
  async function beat() {
    if (live.size === 0 || database.held()) return;
    const rows = await database.db.update(jobs).set({ heartbeatAt: sql`now()` })
      .where(inArray(jobs.id, [...live.keys()])).returning({ id: jobs.id, cancelRequested: jobs.cancelRequested });
    for (const row of rows) if (row.cancelRequested && live.has(row.id)) live.get(row.id)!.job.cancelRequested = true;
  }

  /** Marks running jobs whose process stopped as interrupted (the work rolled back with its connection). */
  async function expireStale(where = sql`true`) {
    await database.db.update(jobs).set({ state: 'failed', error: interruption(), progress: null, finishedAt: sql`now()` })
      .where(and(STALE, where,
        // Never one this process runs (its heartbeat may only be late while a write holds the embedded database).
        live.size ? sql`NOT (${jobs.id} = ANY(${pgArray([...live.keys()])}::uuid[]))` : undefined));
  }

  return {
    processId,

    /** A new job, stored before it is returned; with the uploaded file it works on, if any. */
    async create<D extends object>(kind: string, owner: Principal, detail: D, options: { state?: string; file?: Uint8Array } = {}): Promise<JobRecord<D>> {
      await database.db.delete(jobs).where(and(sql`state <> 'running'`, sql`touched_at < now() - make_interval(secs => ${KEEP_MS / 1000})`));
      const state = options.state ?? 'running';
      if (state === 'running') await expireStale(eq(jobs.kind, kind));
      const job: JobRecord<D> = {
        id: randomUUID(), kind, owner: ownerOf(owner), state, progress: null, result: null, error: null, detail, cancelRequested: false,
        createdAt: new Date().toISOString(), finishedAt: null,
      };
      await database.db.transaction(async (tx) => {
        await tx.insert(jobs).values({ id: job.id, kind, ownerId: owner.id, owner: job.owner, state, detail, heartbeatAt: sql`now()` });
        if (options.file) await tx.insert(jobFiles).values({ jobId: job.id, bytes: options.file });
      });
      return remember(job as JobRecord) as JobRecord<D>;
    },

    /** Whether a job of this kind runs in any process. */
    async running(kind: string): Promise<boolean> {
      await expireStale(eq(jobs.kind, kind));
      const [row] = await database.db.select({ id: jobs.id }).from(jobs).where(and(eq(jobs.kind, kind), eq(jobs.state, 'running'))).limit(1);
      return !!row;
    },

    /** A job as it stands: this process's live copy if it runs here, else the stored one (interrupted if its process stopped). */
    async get<D extends object = object>(id: string): Promise<JobRecord<D> | null> {
      const running = live.get(id);
      if (running) return running.job as JobRecord<D>;
      if (!/^[0-9a-f-]{36}$/i.test(id)) return null;
      if (database.held() && known.has(id)) return known.get(id) as JobRecord<D>;
      // Touched, and read as interrupted if its process stopped, in one statement: this answers every poll and event.
      const ifStale = (then: SQL, otherwise: SQL) => sql`CASE WHEN ${STALE} THEN ${then} ELSE ${otherwise} END`;
      const [row] = await database.db.update(jobs).set({
        touchedAt: sql`now()`, state: ifStale(sql`'failed'`, sql`state`), error: ifStale(sql`${JSON.stringify(interruption())}::jsonb`, sql`error`),
        progress: ifStale(sql`NULL`, sql`progress`), finishedAt: ifStale(sql`now()`, sql`finished_at`),
      }).where(eq(jobs.id, id)).returning();
      return row ? (remember(fromRow(row)) as JobRecord<D>) : null;
    },

    /** The file a job works on (an import's upload), or null once it was let go. */
    async file(id: string): Promise<Uint8Array | null> {
      const [row] = await database.db.select({ bytes: jobFiles.bytes }).from(jobFiles).where(eq(jobFiles.jobId, id));
      return row ? new Uint8Array(row.bytes) : null;
    },

    /**
     * Stores a change to a job that is not running (its read options, its end) if it is still in one
     * of the states `from` (false when a request in some process took it meanwhile), and tells the others.
     */
    async save(job: JobRecord, from: string[], options: { dropFile?: boolean } = {}): Promise<boolean> {
      const saving = database.db.transaction(async (tx) => {
        const rows = await tx.update(jobs).set(columnsOf(job)).where(and(eq(jobs.id, job.id), inArray(jobs.state, from))).returning({ id: jobs.id });
        if (rows.length && options.dropFile) await tx.delete(jobFiles).where(eq(jobFiles.jobId, job.id));
        return rows.length > 0;
      });
      if (!shared && database.held()) {
        // The one process of an embedded database answers at once from what it knows; the write follows the one holding it.
        saving.catch((e: unknown) => console.error(`job ${job.id}: could not store a change:`, e));
        remember(job);
        fire(job.id);
        return true;
      }
      const saved = await saving;
      known.delete(job.id);
      if (!saved) return false;
      remember(job);
      fire(job.id);
      await notifyOthers(job.id);
      return true;
    },

    /**
     * Runs `work` on a job in this process, once it has taken the job from one of the states `from`
     * (false when another request, in any process, took it first), and stores how it ends. A job made
     * running by `create` is taken as it is.
     */
    async run<D extends object>(job: JobRecord<D>, from: string[] | null, progress: unknown, work: (control: JobControl<D>) => Promise<JobOutcome>): Promise<boolean> {
      if (from !== null) {
        const taken = await database.db.update(jobs)
          .set({ state: 'running', progress, result: null, error: null, cancelRequested: false, detail: job.detail, heartbeatAt: sql`now()`, finishedAt: null, touchedAt: sql`now()` })
          .where(and(eq(jobs.id, job.id), inArray(jobs.state, from))).returning({ id: jobs.id });
        if (taken.length === 0) return false;
      }
      Object.assign(job, { state: 'running', progress, result: null, error: null, cancelRequested: false, finishedAt: null });
      const entry = { job: job as JobRecord, written: 0, writing: null, again: false };
      live.set(job.id, entry);
      void listen().catch((e: unknown) => console.error('jobs: cannot hear other processes:', e));
      heartbeat ??= setInterval(() => void beat().catch((e: unknown) => console.error('jobs: heartbeat failed:', e)), HEARTBEAT_MS).unref();
      fire(job.id);
      void notifyOthers(job.id).catch(() => undefined);
      const control: JobControl<D> = {
        job,
        report(next) {
          job.progress = next;
          fire(job.id);
          if (Date.now() - entry.written >= PROGRESS_WRITE_MS) void write(job.id);
        },
        stopIfCancelled() {
          if (job.cancelRequested) throw new JobCancelled();
        },
      };
      void work(control)
        .catch((e: unknown): JobOutcome => {
          if (e instanceof JobCancelled) return { state: 'cancelled' };
          console.error(`job ${job.kind} ${job.id} failed:`, e);
          return { state: 'failed', error: { code: 'job_failed', message: e instanceof Error ? e.message : String(e) } };
        })
        .then(async (outcome) => {
          Object.assign(job, { state: outcome.state, result: outcome.result ?? job.result, error: outcome.error ?? job.error, progress: outcome.progress ?? null, finishedAt: new Date().toISOString() });
          await write(job.id);
          if (outcome.dropFile) await database.db.delete(jobFiles).where(eq(jobFiles.jobId, job.id)).catch((e: unknown) => console.error(`job ${job.id}: could not let go of its file:`, e));
        })
        .finally(() => {
          live.delete(job.id);
          remember(job as JobRecord);
          if (live.size === 0 && heartbeat) {
            clearInterval(heartbeat);
            heartbeat = null;
          }
          fire(job.id);
        });
      return true;
    },

    /** Asks a running job to stop, wherever it runs; it stops where its work next looks. */
    async requestCancel(job: JobRecord): Promise<void> {
      job.cancelRequested = true;
      fire(job.id);
      if (live.has(job.id) && database.held()) return;
      await database.db.update(jobs).set({ cancelRequested: true }).where(and(eq(jobs.id, job.id), eq(jobs.state, 'running')));
      await notifyOthers(job.id, 'cancel');
    },

    /** Calls `listener` whenever the job changes, in this process or another; returns how to stop. */
    async subscribe(id: string, listener: () => void): Promise<() => void> {
      await listen();
      const set = listeners.get(id) ?? new Set();
      listeners.set(id, set.add(listener));
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(id);
      };
    },

    /** Whether a conflict was the one-running-per-kind index: another process started the same work. */
    isAlreadyRunning: isUniqueViolation,
  };
}

export type JobStore = ReturnType<typeof createJobStore>;

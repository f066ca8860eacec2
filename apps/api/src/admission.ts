import type { Context, MiddlewareHandler } from 'hono';
import type { DriverName } from '@cuntu/db';
import { ApiError } from './errors';

/** How many requests run at once, how many may wait, and for how long, before a 503 says "try again". */
export interface AdmissionLimits {
  running: number;
  queued: number;
  maxWaitMs: number;
}

/**
 * Per driver. PGlite runs one statement at a time on the event loop's thread: a few requests at once
 * keep it busy, more only queue inside it where nobody can tell them to come back later. A server
 * takes many.
 */
export const ADMISSION: Record<DriverName, AdmissionLimits> = {
  pglite: { running: 2, queued: 500, maxWaitMs: 4_000 },
  postgres: { running: 48, queued: 2_000, maxWaitMs: 8_000 },
};

/**
 * Requests that must answer while the portal is busy: health, and following or stopping an import.
 * They skip the queue, and while a write holds the embedded database they answer from what this
 * process last read (the session, the settings, the health report) instead of waiting for it.
 */
const ANSWER_WHILE_BUSY = [/^\/api\/health$/, /^\/api\/imports\/[^/]+(\/events|\/cancel)?$/];
export const answersWhileBusy = (path: string) => ANSWER_WHILE_BUSY.some((pattern) => pattern.test(path));

/**
 * Adds a header to the answer already made, in place. `c.header` after the handler copies the answer
 * into a new one whose body is a stream the server then reads back: about a quarter of a cached tile's
 * time in the API. Headers a platform made immutable (a fetched answer, a redirect) are copied as before.
 */
function appendHeader(c: Context, name: string, value: string) {
  try {
    c.res.headers.append(name, value);
  } catch {
    c.header(name, value, { append: true });
  }
}

const busy = (retryAfterS: number) => new ApiError(503, 'busy', { key: 'error.busy', params: { seconds: retryAfterS } });

export interface Admission {
  /** The gate requests pass. */
  middleware: MiddlewareHandler;
  /**
   * Runs a write that must hold the database alone (on PGlite a transaction takes its one connection):
   * new requests wait in the queue, those inside finish first, then the write runs. So no request sits
   * behind the write for its whole length; the queue's limits (then 503 + Retry-After) still hold.
   */
  alone<T>(write: () => Promise<T>): Promise<T>;
}

/**
 * Admission in arrival order: at most `running` requests at a time, the next `queued` waiting their
 * turn; a request that would wait longer than `maxWaitMs`, or finds the queue full, is answered at once
 * with 503 and `Retry-After` rather than after minutes behind an import.
 */
export function admission(limits: AdmissionLimits): Admission {
  let running = 0;
  /** Writes waiting for, or holding, the database alone; while any does, nobody is admitted. */
  let alone = 0;
  const waiting: Array<{ admit: () => void }> = [];
  const drained: Array<() => void> = [];
  const retryAfterS = Math.max(1, Math.ceil(limits.maxWaitMs / 1000));

  const admitNext = () => {
    while (alone === 0 && running < limits.running && waiting.length) {
      running++;
      waiting.shift()!.admit();
    }
    if (alone > 0 && running === 0) drained.splice(0).forEach((resume) => resume());
  };
  const release = () => {
    running--;
    admitNext();
  };

  const middleware: MiddlewareHandler = async (c, next) => {
    if (answersWhileBusy(c.req.path)) return next();
    const arrived = performance.now();
    if (alone > 0 || running >= limits.running) {
      if (waiting.length >= limits.queued) {
        c.header('Retry-After', String(retryAfterS));
        throw busy(retryAfterS);
      }
      const admitted = await new Promise<boolean>((resolve) => {
        const ticket = { admit: () => { clearTimeout(timer); resolve(true); } };
        const timer = setTimeout(() => {
          waiting.splice(waiting.indexOf(ticket), 1);
          resolve(false);
        }, limits.maxWaitMs);
        waiting.push(ticket);
      });
      if (!admitted) {
        c.header('Retry-After', String(retryAfterS));
        throw busy(retryAfterS);
      }
    } else running++;
    const admittedAt = performance.now();
    try {
      await next();
      // How long the request waited in the queue and then ran (Server-Timing: seen in the browser's tools and by the load benchmark).
      appendHeader(c, 'Server-Timing', `queue;dur=${Math.round(admittedAt - arrived)}, run;dur=${Math.round(performance.now() - admittedAt)}`);
    } finally {
      release();
    }
  };

  return {
    middleware,
    async alone(write) {
      alone++;
      try {
        if (running > 0) await new Promise<void>((resume) => drained.push(resume));
        return await write();
      } finally {
        alone--;
        admitNext();
      }
    },
  };
}

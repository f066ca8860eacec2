import type { MiddlewareHandler } from 'hono';
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

/** Requests that must answer while the portal is busy: health, and following or stopping an import. */
const EXEMPT = [/^\/api\/health$/, /^\/api\/imports\/[^/]+(\/events|\/cancel)?$/];

const busy = (retryAfterS: number) => new ApiError(503, 'busy', { key: 'error.busy', params: { seconds: retryAfterS } });

/**
 * Admission in arrival order: at most `running` requests at a time, the next `queued` waiting their
 * turn; a request that would wait longer than `maxWaitMs`, or finds the queue full, is answered at once
 * with 503 and `Retry-After` rather than after minutes behind an import.
 */
export function admission(limits: AdmissionLimits): MiddlewareHandler {
  let running = 0;
  const waiting: Array<{ admit: () => void }> = [];
  const retryAfterS = Math.max(1, Math.ceil(limits.maxWaitMs / 1000));

  const release = () => {
    const next = waiting.shift();
    if (next) next.admit(); // the slot passes on: `running` stays
    else running--;
  };

  return async (c, next) => {
    if (EXEMPT.some((path) => path.test(c.req.path))) return next();
    if (running >= limits.running) {
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
    try {
      await next();
    } finally {
      release();
    }
  };
}

import type { Context } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../env';
import type { JobRecord, JobStore } from './job-store';

/** How long an event stream waits for a change before it looks again (a job whose process died ends this way). */
const LOOK_AGAIN_MS = 15_000;

/**
 * A job's progress as server-sent events, from whichever process the request reached: `progress` at
 * each change (in this process or another), then `done` once it has ended. `read` reads the job
 * afresh (null once it is gone); `view` is what the client sees of it.
 */
export function jobEvents<J extends JobRecord>(c: Context<AppEnv>, store: JobStore, id: string, read: () => Promise<J | null>, view: (job: J) => unknown) {
  return streamSSE(c, async (stream) => {
    let wake: () => void = () => undefined;
    const unsubscribe = await store.subscribe(id, () => wake());
    stream.onAbort(unsubscribe);
    try {
      for (let n = 0; ; n++) {
        const changed = new Promise<void>((resolve) => (wake = resolve));
        const job = await read();
        const done = job === null || job.state !== 'running';
        await stream.writeSSE({ event: done ? 'done' : 'progress', data: JSON.stringify(job && view(job)), id: String(n) });
        if (done || stream.aborted) break;
        await Promise.race([changed, stream.sleep(LOOK_AGAIN_MS)]);
      }
    } finally {
      unsubscribe();
    }
  });
}

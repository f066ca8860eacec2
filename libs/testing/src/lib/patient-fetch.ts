import type { Requester } from './login';

/** How often a request the portal turned away as busy is sent again before its 503 is returned. */
const BUSY_RETRIES = 8;

/**
 * Fetch against a running portal that, like the apps' own client, rides out a busy portal: a request
 * answered 503 with `Retry-After` (the admission gate's "busy": it refuses before the request touches
 * anything, so any method may be sent again) is sent again after the seconds it names. Any other answer,
 * and the last 503, is returned as it came.
 */
export function patientFetch(baseUrl: string): Requester {
  return async (path, init) => {
    for (let attempt = 0; ; attempt++) {
      const response = await fetch(`${baseUrl}${path}`, init);
      const retryAfterS = Number(response.headers.get('retry-after'));
      if (response.status !== 503 || !(retryAfterS > 0) || attempt >= BUSY_RETRIES) return response;
      await response.body?.cancel();
      await new Promise((resolve) => setTimeout(resolve, retryAfterS * 1000));
    }
  };
}

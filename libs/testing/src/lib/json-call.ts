import type { Requester } from './login';

/** What a JSON call answered: status, ETag, the body (parsed when it is JSON, else its text) and the headers. */
export interface JsonAnswer {
  status: number;
  etag: string | null;
  body: Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
  headers: Headers;
}

/**
 * A caller for JSON APIs as one of several logged-in users: `call(method, path, user, body?, headers?)`
 * sends the user's Authorization header (none for `null`) and a JSON body, and parses the answer.
 */
export function createJsonCaller(request: Requester, auth: Record<string, { authorization: string }>) {
  return async (method: string, path: string, user: string | null, body?: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> => {
    const response = await request(path, {
      method, headers: { ...(user ? auth[user] : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    const json = /json/.test(response.headers.get('content-type') ?? '');
    return { status: response.status, etag: response.headers.get('etag'), body: text ? (json ? JSON.parse(text) : text) : null, headers: response.headers };
  };
}

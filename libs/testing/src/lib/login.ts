import { DEMO_USERS } from '@cuntu/auth';

/** Something that answers HTTP requests: a Hono app's `request`, or fetch against a running server. */
export type Requester = (path: string, init?: RequestInit) => Response | Promise<Response>;

/** Logs in as a demo user (or another account, with its `password`) and returns the Authorization header to send. */
export async function authHeaderFor(request: Requester, username: string, password?: string): Promise<{ authorization: string }> {
  const secret = password ?? DEMO_USERS.find((u) => u.username === username)?.password;
  if (!secret) throw new Error(`no demo user ${username}`);
  const response = await request('/api/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: secret }),
  });
  if (!response.ok) throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

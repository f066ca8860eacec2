import { DEMO_USERS } from '@cuntu/auth';

/** Something that answers HTTP requests: a Hono app's `request`, or fetch against a running server. */
export type Requester = (path: string, init?: RequestInit) => Response | Promise<Response>;

/** Logs in as a demo user and returns the Authorization header to send. */
export async function authHeaderFor(request: Requester, username: string): Promise<{ authorization: string }> {
  const user = DEMO_USERS.find((u) => u.username === username);
  if (!user) throw new Error(`no demo user ${username}`);
  const response = await request('/api/auth/login', {
    method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username, password: user.password }),
  });
  if (!response.ok) throw new Error(`login as ${username} failed: ${response.status} ${await response.text()}`);
  const { token } = (await response.json()) as { token: string };
  return { authorization: `Bearer ${token}` };
}

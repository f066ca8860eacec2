/**
 * Creates the first administrator of a deployment (one without the sample county has no accounts):
 *   CUNTU_ADMIN_PASSWORD='…' npm run create-admin -- --username ops [--display-name 运维]
 * The password comes from CUNTU_ADMIN_PASSWORD or, when that is unset, the first line of standard
 * input; it must pass the strength check. Refuses when an enabled administrator exists already (use
 * the accounts page then). Uses DATABASE_URL, else the PGlite data directory CUNTU_DATA_DIR — and when
 * a portal is running on that directory (it holds it: one process per embedded database), asks that
 * portal to create the account, with the set-up token it left in the directory's lock.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { AccountError, createAccountsRepo } from '@cuntu/auth';
import { inEveryLocale } from '@cuntu/messages';
import { DataDirInUseError, dataDirHolder, embeddedDataDir, openDatabase, type DataDirHolder } from '@cuntu/db';

interface FirstAdmin {
  username: string;
  password: string;
  displayName?: string;
}

const { values } = parseArgs({ options: { username: { type: 'string' }, 'display-name': { type: 'string' } } });
if (!values.username) {
  console.error('usage: CUNTU_ADMIN_PASSWORD=… npm run create-admin -- --username NAME [--display-name NAME]');
  process.exit(2);
}
const password = process.env.CUNTU_ADMIN_PASSWORD ?? (await (async () => {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write('password: ');
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
})());
const admin: FirstAdmin = { username: values.username, password, displayName: values['display-name'] };

/** Through the running portal: it owns the embedded database, and its sessions see the new account at once. */
async function throughPortal(portal: DataDirHolder & { url: string; setupToken: string }, input: FirstAdmin): Promise<string> {
  const response = await fetch(`${portal.url}/api/setup/first-admin`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-cuntu-setup-token': portal.setupToken },
    body: JSON.stringify(input),
  });
  const body = await response.json() as { id?: number; username?: string; error?: { message: string; details?: Array<{ field: string; problem: string }> | null } };
  if (!response.ok) {
    const fields = Array.isArray(body.error?.details) ? body.error.details.map((f) => `${f.field}: ${f.problem}`) : [];
    throw new Error(fields.length ? fields.join('\n') : body.error?.message ?? `HTTP ${response.status}`);
  }
  return `administrator "${body.username}" created (id ${body.id}) through the portal running as process ${portal.pid}`;
}

/** Straight into the database: a PostgreSQL server, or an embedded directory no process holds. */
async function directly(input: FirstAdmin): Promise<string> {
  const database = await openDatabase({ purpose: 'create-admin' });
  try {
    const [{ admins }] = await database.rows<{ admins: number }>(sql`SELECT count(*)::int AS admins FROM users WHERE 'admin' = ANY(roles) AND NOT disabled`);
    if (admins > 0) throw new Error('an administrator exists already: create further accounts on the accounts page (/api/admin/users)');
    const account = await createAccountsRepo(database).create({ ...input, roles: ['admin'] });
    return `administrator "${account.username}" created (id ${account.id})`;
  } finally {
    await database.close();
  }
}

try {
  const holder = process.env.DATABASE_URL ? null : await dataDirHolder(embeddedDataDir());
  const portal = holder?.url && holder.setupToken ? { ...holder, url: holder.url, setupToken: holder.setupToken } : null;
  console.log(portal ? await throughPortal(portal, admin) : await directly(admin));
} catch (e) {
  console.error(e instanceof AccountError ? `${e.field ?? 'account'}: ${e.message}`
    : e instanceof DataDirInUseError ? inEveryLocale('error.dataDirInUse', e.params, '\n')
      : e instanceof Error ? e.message : e);
  process.exitCode = 1;
}

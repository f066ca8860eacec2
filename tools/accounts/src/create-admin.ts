/**
 * Creates the first administrator of a deployment (one without the sample county has no accounts):
 *   CUNTU_ADMIN_PASSWORD='…' npm run create-admin -- --username ops [--display-name 运维]
 * The password comes from CUNTU_ADMIN_PASSWORD or, when that is unset, the first line of standard
 * input; it must pass the strength check. Refuses when an enabled administrator exists already (use
 * the accounts API then). Uses DATABASE_URL, else the PGlite data directory CUNTU_DATA_DIR.
 */
import { createInterface } from 'node:readline/promises';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { AccountError, createAccountsRepo } from '@cuntu/auth';
import { openDatabase } from '@cuntu/db';

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

const database = await openDatabase();
try {
  const [{ admins }] = await database.rows<{ admins: number }>(sql`SELECT count(*)::int AS admins FROM users WHERE 'admin' = ANY(roles) AND NOT disabled`);
  if (admins > 0) {
    console.error('an administrator exists already: create further accounts through /api/admin/users');
    process.exitCode = 1;
  } else {
    const account = await createAccountsRepo(database).create({ username: values.username, password, displayName: values['display-name'], roles: ['admin'] });
    console.log(`administrator "${account.username}" created (id ${account.id})`);
  }
} catch (e) {
  console.error(e instanceof AccountError ? `${e.field ?? 'account'}: ${e.message}` : e);
  process.exitCode = 1;
} finally {
  await database.close();
}

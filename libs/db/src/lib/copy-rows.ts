import { sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { Sql } from 'postgres';
import type { Db, DriverName } from './open-database';
import { pgArray } from './sql-values';

/** A transaction of either driver, as drizzle hands it to `db.transaction`'s callback. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

/** A value to copy as text: scalars, arrays (as a PostgreSQL array literal), geometry as EWKT. */
export type CopyValue = string | number | boolean | null | undefined | ReadonlyArray<string | number>;

/** Rows per COPY write on a server; per INSERT on PGlite (which runs each statement on the event loop's thread). */
const CHUNK = { postgres: 10_000, pglite: 1_000 } as const;

const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A value as PostgreSQL's text input takes it (null stays null); text cannot hold a NUL character. */
export function textValue(value: CopyValue): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'boolean' ? (value ? 't' : 'f') : typeof value === 'number' || typeof value === 'string' ? String(value) : pgArray(value);
  if (text.includes('\u0000')) throw new TypeError('text values cannot hold a NUL character');
  return text;
}

/** Rows as COPY's text format: tab-separated fields, `\N` for null, backslash, tab and line breaks escaped. */
export function copyText(rows: ReadonlyArray<ReadonlyArray<CopyValue>>): string {
  let out = '';
  for (const row of rows) {
    out += row.map((value) => {
      const text = textValue(value);
      return text === null ? '\\N' : text.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c]);
    }).join('\t');
    out += '\n';
  }
  return out;
}

const dialect = new PgDialect();

/**
 * Appends rows to a table whose columns are all text (a staging table), inside a transaction, in the
 * columns' order: `COPY … FROM STDIN` on a PostgreSQL server — the bulk path ogr2ogr takes too — and
 * INSERTs of JSON records on PGlite, whose driver has no COPY stream. Text columns leave nothing for
 * COPY to refuse (a refused COPY would leave postgres.js waiting: porsager/postgres#1173); the caller
 * casts the values when it reads them. `beforeChunk` runs before each chunk (progress; throw to stop).
 */
export async function copyTextRows(tx: Tx, driver: DriverName, table: string, columns: string[], rows: ReadonlyArray<ReadonlyArray<CopyValue>>, beforeChunk: (done: number) => void | Promise<void> = () => undefined): Promise<void> {
  const size = CHUNK[driver];
  const target = sql`${sql.identifier(table)} (${sql.join(columns.map((c) => sql.identifier(c)), sql`, `)})`;
  if (driver === 'pglite') {
    for (let start = 0; start < rows.length; start += size) {
      await beforeChunk(start);
      const records = rows.slice(start, start + size).map((row) => Object.fromEntries(columns.map((c, i) => [c, textValue(row[i])])));
      await tx.execute(sql`INSERT INTO ${target} SELECT ${sql.join(columns.map((c) => sql`r.${sql.identifier(c)}`), sql`, `)}
        FROM json_populate_recordset(NULL::${sql.identifier(table)}, ${JSON.stringify(records)}::text::json) r`);
    }
    return;
  }
  // drizzle's postgres.js transaction keeps the transaction's connection as its session's client.
  const client = (tx as unknown as { session: { client: Sql } }).session.client;
  const stream = await client.unsafe(dialect.sqlToQuery(sql`COPY ${target} FROM STDIN`).sql).writable();
  const finished = new Promise<void>((resolve, reject) => {
    stream.once('finish', resolve);
    stream.once('error', reject);
  });
  try {
    for (let start = 0; start < rows.length; start += size) {
      await beforeChunk(start);
      // Serialised before writing: a value that cannot be copied stops the COPY (CopyFail) before it sends anything wrong.
      const chunk = copyText(rows.slice(start, start + size));
      if (!stream.write(chunk)) await new Promise((resolve, reject) => stream.once('drain', resolve).once('error', reject));
    }
  } catch (e) {
    stream.destroy(e as Error);
    await finished.catch(() => undefined);
    throw e;
  }
  stream.end();
  await finished;
}

import { PgDialect } from 'drizzle-orm/pg-core';
import type { Database } from '@cuntu/db';

/**
 * The database with every statement its `rows` sends recorded as text (`sent`), each passed on
 * unchanged: for tests that count what a request asks the database, or check what it does not send.
 */
export function recordingStatements(database: Database): { database: Database; sent: string[] } {
  const dialect = new PgDialect();
  const sent: string[] = [];
  return {
    sent,
    database: {
      ...database,
      rows: (query, options) => {
        sent.push(dialect.sqlToQuery(query).sql);
        return database.rows(query, options);
      },
    },
  };
}

import type { Database } from '@cuntu/db';

/** The environment every route shares: the database, set once per app. */
export interface AppEnv {
  Variables: {
    database: Database;
  };
}

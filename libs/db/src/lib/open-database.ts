import { mkdir } from 'node:fs/promises';
import { setImmediate } from 'node:timers/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql, type SQL } from 'drizzle-orm';
import { PgDialect, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as schema from './schema/index';
import type { PGlite } from '@electric-sql/pglite';
import { lockDataDir, type DataDirLock } from './data-dir-lock';

export type Schema = typeof schema;
/** The drizzle handle both drivers give; repositories are written against this type only. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type DriverName = 'pglite' | 'postgres';

export interface OpenDatabaseOptions {
  /** A PostgreSQL URL; when set, postgres.js talks to that server. Default: `process.env.DATABASE_URL`. */
  url?: string;
  /**
   * The PGlite data directory used when no URL is given; `memory://` keeps nothing.
   * Default: `process.env.CUNTU_DATA_DIR`, else `./data/pglite`.
   */
  dataDir?: string;
  /** Apply pending migrations (and create the PostGIS extension) on open. Default: true. */
  migrate?: boolean;
  /** postgres.js pool size. Default: 10. */
  maxConnections?: number;
  /**
   * A read replica of the `url` server (streaming replication), for reads that tolerate its lag; see
   * `Database.replica`. Only with a URL. Default: `process.env.DATABASE_READ_URL`.
   */
  readUrl?: string;
  /** What this process is, written in the PGlite data directory's lock (see `lockDataDir`). Default: the script's name. */
  purpose?: string;
}

/** The planning of prepared statements on a PostgreSQL server (see `rows`' `prepare`). */
export const PLAN_CACHE_MODE = 'force_generic_plan';

/**
 * Settings every server connection opens with (benchmarks' bare queries open theirs alike). JIT
 * compilation off: our statements are short or spend their time in PostGIS functions JIT cannot
 * compile, and once the tables were analyzed their estimated costs crossed the JIT threshold: a
 * province's houses tile at z6 took 731 ms, 341 of them compiling, against 303 ms without; fifteen
 * counties' check run 14.2 s against 13.0 s.
 */
export const CONNECTION_SETTINGS = { jit: 'off' } as const;

export interface RowsOptions {
  prepare?: boolean;
}

export interface Database {
  db: Db;
  driver: DriverName;
  /**
   * Run raw SQL and get its rows, whichever driver is underneath. `prepare` keeps the statement
   * prepared on the server connection, parsed and planned once for all values (a generic plan): for
   * hot queries whose text does not vary with their values and whose best plan does not depend on
   * them — every distinct text stays prepared for the connection's life.
   */
  rows<T = Record<string, unknown>>(query: SQL, options?: RowsOptions): Promise<T[]>;
  /**
   * Whether a transaction holds the database now, so that any other statement waits for it to end:
   * on PGlite, whose one connection a transaction takes; never on a server, whose readers see the
   * state before it.
   */
  held(): boolean;
  /**
   * Calls `onPayload` with each notification on `channel` (`pg_notify`) from any connection to the
   * database, this process's own included; resolves once listening, to a function that stops.
   */
  listen(channel: string, onPayload: (payload: string) => void): Promise<() => Promise<void>>;
  /**
   * Opens every connection of a server's pools now, as a process starts, rather than one by one under
   * its first burst of requests (nothing to open on PGlite).
   */
  openConnections(): Promise<void>;
  /**
   * The read replica (`DATABASE_READ_URL`), if the deployment has one: for reads that tolerate its lag
   * (tiles, features, summaries) by readers who did not just write. Never migrated or written here.
   */
  replica?: Database;
  /** On a replica: its primary, where what a read derives and keeps for every process (stored tiles) is written. */
  primary?: Database;
  /** PGlite on disk: this process's hold on the data directory, released by `close`. */
  lock?: DataDirLock;
  close(): Promise<void>;
}

const DEFAULTS = { dataDir: './data/pglite', migrate: true, maxConnections: 10 } as const;

export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../../migrations', import.meta.url));

/** The PGlite data directory a process opens: the one given, else `CUNTU_DATA_DIR`, else `./data/pglite`. */
export const embeddedDataDir = (dataDir?: string) => dataDir ?? process.env.CUNTU_DATA_DIR ?? DEFAULTS.dataDir;

/** Opens the database: postgres.js against a PostGIS server when a URL is given, embedded PGlite + PostGIS otherwise. */
export async function openDatabase(options: OpenDatabaseOptions = {}): Promise<Database> {
  const url = options.url ?? process.env.DATABASE_URL;
  const opts = { ...DEFAULTS, ...stripUndefined(options), dataDir: embeddedDataDir(options.dataDir) };
  const purpose = opts.purpose ?? path.basename(process.argv[1] ?? 'node');
  const database = url ? await openPostgres(url, opts.maxConnections) : await openPglite(opts.dataDir, purpose);
  if (opts.migrate) await migrateDatabase(database);
  const readUrl = options.readUrl ?? process.env.DATABASE_READ_URL;
  return url && readUrl ? withReplica(database, await openPostgres(readUrl, opts.maxConnections)) : database;
}

/** A primary with its read replica; closing it closes both. */
export function withReplica(primary: Database, replica: Database): Database {
  // A standby cannot LISTEN: what caches over the replica (lag-tolerant reads) expire on their own.
  const reader: Database = { ...replica, listen: async () => async () => undefined };
  const combined: Database = {
    ...primary, replica: reader,
    openConnections: async () => { await Promise.all([primary.openConnections(), replica.openConnections()]); },
    close: async () => { await Promise.all([primary.close(), replica.close()]); },
  };
  reader.primary = combined;
  return combined;
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const { default: postgres } = await import('postgres');
  const { drizzle } = await import('drizzle-orm/postgres-js');
  const client = postgres(url, { max, onnotice: () => undefined, connection: CONNECTION_SETTINGS });
  const db = drizzle(client, { schema }) as unknown as Db;
  // Prepared statements get connections of their own, where each is planned once for all its values (a
  // generic plan): re-planning a tile's PostGIS query for every tile took longer than running it. The
  // setting holds for every statement of a connection, so the other queries keep theirs, planned per call.
  const preparedMax = Math.max(2, Math.ceil(max / 2));
  const preparedClient = postgres(url, { max: preparedMax, onnotice: () => undefined, connection: { ...CONNECTION_SETTINGS, plan_cache_mode: PLAN_CACHE_MODE } });
  drizzle(preparedClient); // gives it drizzle's value parsers, so both answer alike
  const dialect = new PgDialect();
  return {
    db,
    driver: 'postgres',
    held: () => false,
    openConnections: async () => {
      // postgres.js opens a connection for each statement that finds none idle, up to the pool's size.
      const opened = (pool: typeof client, size: number) => Promise.all(Array.from({ length: size }, () => pool`SELECT 1`));
      await Promise.all([opened(client, max), opened(preparedClient, preparedMax)]);
    },
    listen: async (channel, onPayload) => {
      const { unlisten } = await client.listen(channel, onPayload);
      return unlisten;
    },
    rows: async <T>(query: SQL, options?: RowsOptions) => {
      if (!options?.prepare) return (await db.execute(query)) as unknown as T[];
      const { sql: text, params } = dialect.sqlToQuery(query);
      return (await preparedClient.unsafe(text, params as never[], { prepare: true })) as unknown as T[];
    },
    close: async () => {
      await Promise.all([client.end({ timeout: 5 }), preparedClient.end({ timeout: 5 })]);
    },
  };
}

/**
 * How long PGlite's statements may run back to back before the next one lets the event loop turn.
 * A turn is also when new connections are taken in, about one per turn under load: at 100 ms, 200
 * viewers during a 50,000-well import waited up to 15.6 s, most of it before the portal even read
 * their requests; at 10 ms the longest answer was 5.5 s (`tools/bench/src/load.ts`, same run). Shorter
 * turns bring requests to the admission gate sooner, so a busy portal answers more of them 503 with
 * Retry-After (a bounded wait, not a hidden one): every read of the apps, the map's tiles and the
 * browser journeys asks again after it. `CUNTU_PGLITE_TURN_MS` sets another, to compare them.
 */
const MAX_TURN_MS = Number(process.env.CUNTU_PGLITE_TURN_MS) || 10;

/**
 * PGlite runs a statement on the event loop's thread and hands its connection to the next waiting
 * statement without the loop turning: six fact reads queued at once ran back to back for seconds
 * while no socket or timer was served. Here statements outside a transaction take turns in arrival
 * order, and once statements have kept the loop from turning for `MAX_TURN_MS`, the next one waits
 * for a turn first, so requests are read and answered in between.
 */
function takeTurns(client: PGlite) {
  let turn: Promise<unknown> = Promise.resolve();
  let lastTurn = performance.now();
  const ticker = setInterval(() => (lastTurn = performance.now()), 5);
  ticker.unref();
  const inTurn = <A extends unknown[], R>(run: (...args: A) => Promise<R>) => (...args: A): Promise<R> => {
    const next = turn.then(async () => {
      if (performance.now() - lastTurn > MAX_TURN_MS) {
        await setImmediate();
        lastTurn = performance.now();
      }
      return run(...args);
    });
    turn = next.catch(() => undefined);
    return next;
  };
  client.query = inTurn(client.query.bind(client)) as PGlite['query'];
  client.exec = inTurn(client.exec.bind(client));
  return () => clearInterval(ticker);
}

/** Embedded PGlite; a data directory on disk is held by one process at a time (two writers would corrupt it). */
async function openPglite(dataDir: string, purpose: string): Promise<Database> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { postgis } = await import('@electric-sql/pglite-postgis');
  const { drizzle } = await import('drizzle-orm/pglite');
  const inMemory = dataDir.startsWith('memory://');
  let lock: DataDirLock | undefined;
  if (!inMemory) {
    await mkdir(path.resolve(dataDir), { recursive: true });
    lock = await lockDataDir(dataDir, purpose);
  }
  try {
    const client = await PGlite.create({ dataDir: inMemory ? dataDir : path.resolve(dataDir), extensions: { postgis } });
    const stopTurns = takeTurns(client);
    const db = drizzle(client, { schema }) as unknown as Db;
    let holding = 0;
    const transaction = db.transaction.bind(db);
    db.transaction = (async (run, config) => {
      holding++;
      try {
        return await transaction(run, config);
      } finally {
        holding--;
      }
    }) as Db['transaction'];
    return {
      db,
      driver: 'pglite',
      held: () => holding > 0,
      openConnections: async () => undefined,
      listen: (channel, onPayload) => client.listen(channel, onPayload),
      rows: async <T>(query: SQL) => ((await db.execute(query)) as unknown as { rows: T[] }).rows,
      lock,
      close: async () => {
        try {
          stopTurns();
          await client.close();
        } finally {
          await lock?.release();
        }
      },
    };
  } catch (e) {
    await lock?.release();
    throw e;
  }
}

/** Creates PostGIS if missing and applies the committed drizzle-kit migrations. */
export async function migrateDatabase(database: Database): Promise<void> {
  await database.db.execute(sql`CREATE EXTENSION IF NOT EXISTS postgis`);
  if (database.driver === 'postgres') {
    const { migrate } = await import('drizzle-orm/postgres-js/migrator');
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  } else {
    const { migrate } = await import('drizzle-orm/pglite/migrator');
    await migrate(database.db as never, { migrationsFolder: MIGRATIONS_FOLDER });
  }
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

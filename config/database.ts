import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'
import { dbConnection, pgPoolMax } from '#start/runtime'

const migrations = {
  naturalSort: true,
  paths: ['database/migrations'],
}

const seeders = {
  paths: ['database/seeders'],
}

/**
 * PostgreSQL connection from DATABASE_URL, or from the DB_* variables.
 */
const databaseUrl = env.get('DATABASE_URL')
const pgConnection = databaseUrl
  ? { connectionString: databaseUrl }
  : {
      host: env.get('DB_HOST') ?? '127.0.0.1',
      port: env.get('DB_PORT') ?? 5432,
      user: env.get('DB_USER') ?? 'postgres',
      password: env.get('DB_PASSWORD') ?? '',
      database: env.get('DB_DATABASE') ?? 'shop',
    }

/**
 * The HTTP server never waits long on PostgreSQL: when it cannot be reached,
 * whether it refuses or a network partition leaves connections silently
 * open, a request fails with a 503 within 5 s instead of hanging, and the
 * pool heals by itself once the database is back. Connecting gives up after
 * 2 s, waiting for a pooled connection after 4 s, and a query whose answer
 * never arrives after 3 s; a connection left with a query in flight is
 * dropped by the pool, never handed out again. The query bound is set per
 * pooled connection (not in `connection`), so the boot migrations' own
 * connection, which may wait on another instance's lock, and commands
 * (migrations, seeders, imports: not the 'web' environment) keep unbounded
 * queries.
 */
const serving = app.getEnvironment() === 'web'
const PG_CONNECT_TIMEOUT_MS = 2_000
const PG_ACQUIRE_TIMEOUT_MS = 4_000
const PG_QUERY_TIMEOUT_MS = 3_000

/**
 * Passed through to pg's Client (Lucid's type does not list its options).
 * JIT compilation is off for the app's sessions: PostgreSQL compiles a
 * query whose estimated cost passes `jit_above_cost`, which for a catalog
 * page's count over 100,000 products cost 18 ms of compiling for a query
 * that runs in 40 (the app runs short queries only).
 */
const pgClientOptions = {
  ...pgConnection,
  connectionTimeoutMillis: PG_CONNECT_TIMEOUT_MS,
  /**
   * Generic plans for named prepared statements (a catalog list page's,
   * app/services/prepared_query.ts): planned once per connection instead of
   * at every execution (about 0.3 ms of PostgreSQL's 1.3 ms for page 1 at
   * 100,000 products). Every other statement is unnamed, planned for its
   * values each time, and not affected. list_plans.spec.ts EXPLAINs every
   * list statement's generic plan too.
   */
  options: '-c jit=off -c plan_cache_mode=force_generic_plan',
}

type PgClient = { readyForQuery: boolean; connectionParameters: { query_timeout?: number } }

/**
 * Every SQLite connection: WAL for concurrent readers, foreign keys
 * enforced, and a busy timeout so a second writer waits instead of failing.
 */
export function prepareSqliteConnection(conn: any, done: (err: Error | null, conn: any) => void) {
  conn.pragma('journal_mode = WAL')
  conn.pragma('foreign_keys = ON')
  conn.pragma('busy_timeout = 5000')
  done(null, conn)
}

const dbConfig = defineConfig({
  connection: dbConnection,
  prettyPrintDebugQueries: app.inDev,
  connections: {
    sqlite: {
      client: 'better-sqlite3',
      connection: {
        filename: env.get('SQLITE_FILE') ?? app.tmpPath('db.sqlite3'),
      },
      useNullAsDefault: true,
      debug: env.get('DB_DEBUG') ?? false,
      pool: {
        afterCreate: prepareSqliteConnection,
      },
      migrations,
      seeders,
      /**
       * db:wipe / migration:fresh drop products_fts, which drops its
       * shadow tables with it (they may not be dropped on their own).
       */
      wipe: {
        ignoreTables: [
          'products_fts_config',
          'products_fts_data',
          'products_fts_docsize',
          'products_fts_idx',
        ],
      },
    },
    pg: {
      client: 'pg',
      connection: pgClientOptions,
      pool: {
        min: 0,
        max: pgPoolMax,
        acquireTimeoutMillis: serving ? PG_ACQUIRE_TIMEOUT_MS : 10_000,
        ...(serving
          ? {
              afterCreate: (conn: PgClient, done: (err: Error | null, conn: PgClient) => void) => {
                conn.connectionParameters.query_timeout = PG_QUERY_TIMEOUT_MS
                done(null, conn)
              },
              validate: (conn: PgClient) => conn.readyForQuery === true,
            }
          : {}),
      },
      debug: env.get('DB_DEBUG') ?? false,
      migrations,
      seeders,
    },
  },
})

export default dbConfig

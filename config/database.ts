import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig } from '@adonisjs/lucid'
import { dbConnection } from '#start/runtime'

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
        afterCreate: (conn: any, done: (err: Error | null, conn: any) => void) => {
          /**
           * WAL for concurrent readers, foreign keys enforced, and a busy
           * timeout so a second writer waits instead of failing.
           */
          conn.pragma('journal_mode = WAL')
          conn.pragma('foreign_keys = ON')
          conn.pragma('busy_timeout = 5000')
          done(null, conn)
        },
      },
      migrations,
      seeders,
    },
    pg: {
      client: 'pg',
      connection: pgConnection,
      pool: {
        min: 0,
        max: env.get('DB_POOL_MAX') ?? 20,
        acquireTimeoutMillis: 10_000,
      },
      debug: env.get('DB_DEBUG') ?? false,
      migrations,
      seeders,
    },
  },
})

export default dbConfig

/*
|--------------------------------------------------------------------------
| A database (and Redis key space) of the test run's own
|--------------------------------------------------------------------------
|
| Runs before the app boots. Each run gets:
| - on SQLite, a fresh file under tmp/ that is deleted at the end;
| - on PostgreSQL, a database created for the run and dropped at the end;
| - with Redis, a key prefix of its own whose keys are deleted at the end;
| - a free loopback port for the HTTP server the functional suite starts.
| So runs never touch data they did not create, and leave nothing behind.
|
*/
import { randomBytes } from 'node:crypto'
import { createServer } from 'node:net'
import { rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { Redis } from 'ioredis'

const runId = `${process.pid}_${randomBytes(3).toString('hex')}`

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const address = server.address()
      const port = typeof address === 'object' && address ? address.port : 0
      server.close(() => resolve(port))
    })
  })
}

function pgAdminConfig(): pg.ClientConfig {
  if (process.env.DATABASE_URL) {
    const url = new URL(process.env.DATABASE_URL)
    url.pathname = '/postgres'
    return { connectionString: url.toString() }
  }
  return {
    host: process.env.DB_HOST ?? '127.0.0.1',
    port: Number(process.env.DB_PORT ?? 5432),
    user: process.env.DB_USER ?? 'postgres',
    password: process.env.DB_PASSWORD ?? '',
    database: 'postgres',
  }
}

async function withPgAdmin<T>(callback: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client(pgAdminConfig())
  await client.connect()
  try {
    return await callback(client)
  } finally {
    await client.end()
  }
}

export interface TestEnvironment {
  cleanup(): Promise<void>
}

export async function prepareTestEnvironment(): Promise<TestEnvironment> {
  process.env.NODE_ENV = 'test'
  process.env.HOST = '127.0.0.1'
  process.env.PORT = String(await freePort())
  process.env.DB_AUTO_MIGRATE = 'false'
  /**
   * Mail goes to the SMTP server a test starts (tests/support/smtp_receiver.ts).
   */
  process.env.SMTP_HOST = '127.0.0.1'
  process.env.SMTP_PORT = String(await freePort())
  process.env.DEMO_DATA = 'false'
  /**
   * The whole suite talks from 127.0.0.1: per-IP budgets are opened up
   * (tests that check a budget set it for themselves).
   */
  process.env.RATE_LIMIT_REGISTER_PER_HOUR ??= '100000'
  process.env.RATE_LIMIT_LOGIN_IP_PER_MINUTE ??= '100000'
  process.env.RATE_LIMIT_API_PER_MINUTE ??= '100000'

  const cleanups: Array<() => Promise<void>> = []

  if (process.env.DB_CONNECTION === 'pg') {
    const database = `shop_test_${runId}`
    await withPgAdmin((client) => client.query(`CREATE DATABASE "${database}"`))
    if (process.env.DATABASE_URL) {
      const url = new URL(process.env.DATABASE_URL)
      url.pathname = `/${database}`
      process.env.DATABASE_URL = url.toString()
    } else {
      process.env.DB_DATABASE = database
    }
    cleanups.push(async () => {
      await withPgAdmin((client) =>
        client.query(`DROP DATABASE IF EXISTS "${database}" WITH (FORCE)`)
      )
    })
  } else {
    const file = fileURLToPath(new URL(`../../tmp/test_${runId}.sqlite3`, import.meta.url))
    process.env.SQLITE_FILE = file
    cleanups.push(async () => {
      for (const suffix of ['', '-wal', '-shm', '-journal']) {
        rmSync(`${file}${suffix}`, { force: true })
      }
    })
  }

  if (process.env.REDIS_HOST || process.env.REDIS_URL) {
    const prefix = `shop_test_${runId}:`
    process.env.REDIS_KEY_PREFIX = prefix
    cleanups.push(async () => {
      const redis = process.env.REDIS_URL
        ? new Redis(process.env.REDIS_URL, { lazyConnect: true })
        : new Redis({
            host: process.env.REDIS_HOST,
            port: Number(process.env.REDIS_PORT ?? 6379),
            password: process.env.REDIS_PASSWORD || undefined,
            db: Number(process.env.REDIS_DB ?? 0),
            lazyConnect: true,
          })
      await redis.connect()
      try {
        let cursor = '0'
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500)
          cursor = next
          if (keys.length) {
            await redis.del(...keys)
          }
        } while (cursor !== '0')
      } finally {
        redis.disconnect()
      }
    })
  }

  return {
    async cleanup() {
      for (const cleanup of cleanups.reverse()) {
        await cleanup()
      }
    },
  }
}

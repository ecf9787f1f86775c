/*
|--------------------------------------------------------------------------
| Runtime mode
|--------------------------------------------------------------------------
|
| The one place that decides between the embedded default and the
| PostgreSQL + Redis mode, so every config file reads the same answer.
|
*/
import env from '#start/env'

export type DbConnectionName = 'sqlite' | 'pg'

export const dbConnection: DbConnectionName = env.get('DB_CONNECTION') ?? 'sqlite'

/**
 * Connections in PostgreSQL's pool per process (config/database.ts); the
 * checkout's places are counted from it (config/orders.ts).
 */
export const pgPoolMax: number = env.get('DB_POOL_MAX') ?? 20

export interface RedisOptions {
  host: string
  port: number
  password?: string
  username?: string
  db: number
  tls?: Record<string, never>
}

/**
 * Redis options from REDIS_URL or REDIS_HOST/PORT/PASSWORD/DB, or null when
 * Redis is not configured (the embedded default never needs it).
 */
function readRedisOptions(): RedisOptions | null {
  const url = env.get('REDIS_URL')
  if (url) {
    const parsed = new URL(url)
    const dbFromPath = Number(parsed.pathname.replace('/', '') || 0)
    return {
      host: parsed.hostname || '127.0.0.1',
      port: Number(parsed.port || 6379),
      username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
      password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
      db: env.get('REDIS_DB') ?? (Number.isInteger(dbFromPath) ? dbFromPath : 0),
      tls: parsed.protocol === 'rediss:' ? {} : undefined,
    }
  }
  const host = env.get('REDIS_HOST')
  if (!host) {
    return null
  }
  return {
    host,
    port: env.get('REDIS_PORT') ?? 6379,
    password: env.get('REDIS_PASSWORD') || undefined,
    db: env.get('REDIS_DB') ?? 0,
  }
}

export const redisOptions = readRedisOptions()

export const redisEnabled = redisOptions !== null

/**
 * Prefix for every key the app writes to Redis (cache, rate limits,
 * Transmit), so several apps or test runs can share one server.
 */
export const redisKeyPrefix = env.get('REDIS_KEY_PREFIX') ?? 'shop:'

export const isProduction = env.get('NODE_ENV') === 'production'

/**
 * Demo data (accounts with a published password) is seeded into an empty
 * database on the embedded default outside production, and otherwise only
 * when DEMO_DATA=true is set: never in production unless asked for
 * explicitly, and then the boot logs a warning naming the accounts
 * (issue 14, finding 1).
 */
export const seedDemoData = env.get('DEMO_DATA') ?? (dbConnection === 'sqlite' && !isProduction)

/**
 * True when production runs with the demo accounts on purpose.
 */
export const demoDataInProduction = seedDemoData && isProduction

/**
 * Pending migrations run at boot unless DB_AUTO_MIGRATE=false
 * (PostgreSQL takes an advisory lock, so several instances can boot at once).
 */
export const autoMigrate = env.get('DB_AUTO_MIGRATE') ?? true

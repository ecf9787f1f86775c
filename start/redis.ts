/*
|--------------------------------------------------------------------------
| Redis outages
|--------------------------------------------------------------------------
|
| Redis is a cache and a bus here, never the source of truth: when it goes
| away the app keeps answering from the database and the memory cache.
| One warning per outage and connection (not one per retry), and on
| recovery the catalog entries are invalidated, since changes made during
| the outage could not reach Redis or the other instances.
|
*/
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import type { RedisConnection } from '@adonisjs/redis'
import { redisEnabled } from '#start/runtime'
import { redisCommandTimeoutMs } from '#config/redis'
import { CatalogCache } from '#services/catalog_cache'
import { busConnectionEvents } from '#infrastructure/redis_transport'
import { defineScriptsIntoOpenPipelines } from '#infrastructure/redis_scripts'

type Watchable = {
  connectionName: string
  on(event: 'error', listener: (data: { error: unknown }) => void): unknown
  on(event: 'ready', listener: () => void): unknown
}

const down = new Set<string>()

function reportError(name: string, error: unknown) {
  if (down.has(name)) {
    return
  }
  down.add(name)
  logger.warn(
    { err: error, connection: name },
    'Redis is unreachable: serving from the database and the memory cache until it returns'
  )
}

function reportReady(name: string) {
  if (!down.delete(name)) {
    return
  }
  logger.info({ connection: name }, 'Redis is reachable again')
  if (name === 'main') {
    CatalogCache.clearAll().catch(() => {})
  }
}

const watched = new WeakSet<object>()

type IoConnection = RedisConnection['ioConnection']

/**
 * A stalled Redis (paused, partitioned) keeps the connection open and
 * answers nothing: each command then fails after the command timeout
 * (config/redis.ts), and the first one that does takes the connection
 * offline (a reconnect), so that every command after it fails at once (no
 * offline queue) instead of waiting in turn. ioredis keeps reconnecting;
 * its ready check succeeds once Redis answers again (issue 14, finding 6).
 */
function takeOfflineOnTimeout(io: IoConnection) {
  const send = io.sendCommand.bind(io)
  let tripped = false
  io.sendCommand = ((command: Parameters<IoConnection['sendCommand']>[0], stream?: unknown) => {
    const result = send(command, stream as any)
    command.promise.catch((error: unknown) => {
      if (
        !tripped &&
        (error as Error | undefined)?.message === 'Command timed out' &&
        io.status === 'ready'
      ) {
        tripped = true
        io.emit(
          'error',
          new Error(`Redis did not answer within ${redisCommandTimeoutMs} ms (stalled?)`)
        )
        io.disconnect(true)
      }
    })
    return result
  }) as IoConnection['sendCommand']
  io.on('ready', () => {
    tripped = false
  })
}

function watch(connection: Watchable) {
  if (watched.has(connection)) {
    return
  }
  watched.add(connection)
  takeOfflineOnTimeout((connection as unknown as RedisConnection).ioConnection)
  defineScriptsIntoOpenPipelines((connection as unknown as RedisConnection).ioConnection)
  connection.on('error', ({ error }) => reportError(connection.connectionName, error))
  connection.on('ready', () => reportReady(connection.connectionName))
}

if (redisEnabled) {
  redis.doNotLogErrors()
  redis.on('connection', (connection) => watch(connection as unknown as Watchable))
  for (const connection of Object.values(redis.activeConnections)) {
    if (connection) {
      watch(connection as unknown as Watchable)
    }
  }
  /**
   * Connect at boot rather than on the first request: commands fail at once
   * while the connection is not up (no offline queue), so that requests
   * never wait on an absent Redis.
   */
  redis.connection('main')
  busConnectionEvents.on('failure', reportError)

  /**
   * A connection that is down cannot QUIT (no offline queue): end it
   * outright before the Redis provider tries, so shutting down while Redis
   * is away is clean.
   */
  app.terminating(async () => {
    const connections = redis.activeConnections as Record<string, RedisConnection | undefined>
    for (const [name, connection] of Object.entries(connections)) {
      if (connection && connection.status !== 'ready') {
        connection.ioConnection.disconnect()
        delete connections[name]
      }
    }
  })
  busConnectionEvents.on('ready', reportReady)
}

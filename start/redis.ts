/*
|--------------------------------------------------------------------------
| Redis outages
|--------------------------------------------------------------------------
|
| Redis is a cache and a bus here, never the source of truth: when it goes
| away the app keeps answering from the database and the memory cache.
| One warning per outage (not one per retry), and on recovery the catalog
| entries in Redis are invalidated, since changes made during the outage
| could not reach them.
|
*/
import logger from '@adonisjs/core/services/logger'
import redis from '@adonisjs/redis/services/main'
import { redisEnabled } from '#start/runtime'
import { CatalogCache } from '#services/catalog_cache'

type Watchable = {
  connectionName: string
  on(event: 'error', listener: (data: { error: unknown }) => void): unknown
  on(event: 'ready', listener: () => void): unknown
}

const watched = new WeakSet<object>()

function watch(connection: Watchable) {
  if (watched.has(connection)) {
    return
  }
  watched.add(connection)
  let down = false
  connection.on('error', ({ error }) => {
    if (!down) {
      down = true
      logger.warn(
        { err: error, connection: connection.connectionName },
        'Redis is unreachable: serving from the database and the memory cache until it returns'
      )
    }
  })
  connection.on('ready', () => {
    if (down) {
      down = false
      logger.info({ connection: connection.connectionName }, 'Redis is reachable again')
      CatalogCache.clearAll().catch(() => {})
    }
  })
}

if (redisEnabled) {
  redis.doNotLogErrors()
  redis.on('connection', (connection) => watch(connection as unknown as Watchable))
  for (const connection of Object.values(redis.activeConnections)) {
    if (connection) {
      watch(connection as unknown as Watchable)
    }
  }
}

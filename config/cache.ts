import { defineConfig, store, drivers } from '@adonisjs/cache'
import { configProvider } from '@adonisjs/core'
import type { CreateBusDriverResult } from 'bentocache/types'
import { redisEnabled, redisKeyPrefix } from '#start/runtime'
import { ResilientRedisTransport } from '#infrastructure/redis_transport'
import { redisCommandTimeoutMs, redisServerOptions } from '#config/redis'

/**
 * The bus that tells the other instances' L1 to drop what changed. Its own
 * transport (not drivers.redisBus) so an unreachable Redis at boot or later
 * never crashes the process, and subscriptions come back by themselves.
 */
const resilientRedisBus = configProvider.create<CreateBusDriverResult>(async () => ({
  options: { retryQueue: { enabled: true, maxSize: 1_000 } },
  factory: () =>
    new ResilientRedisTransport(
      redisServerOptions,
      'cache bus',
      redisKeyPrefix,
      redisCommandTimeoutMs
    ) as any,
}))

/**
 * Memory L1 everywhere; with Redis configured, a Redis L2 shared by every
 * instance and a Redis bus that tells the other instances' L1 to drop
 * what changed.
 */
const defaultStore = redisEnabled
  ? store()
      .useL1Layer(drivers.memory({ maxSize: '100mb' }))
      .useL2Layer(drivers.redis({ connectionName: 'main', prefix: `${redisKeyPrefix}cache` }))
      .useBus(resilientRedisBus)
  : store().useL1Layer(drivers.memory({ maxSize: '100mb' }))

const cacheConfig = defineConfig({
  default: 'default',
  prefix: `${redisKeyPrefix}cache`,
  ttl: '30m',
  /**
   * Redis errors never fail a read: the value comes from L1 or the
   * database, and Redis is left alone for a few seconds after a failure.
   */
  suppressL2Errors: true,
  l2CircuitBreakerDuration: '5s',
  stores: {
    default: defaultStore,
  },
})

export default cacheConfig

declare module '@adonisjs/cache/types' {
  interface CacheStores extends InferStores<typeof cacheConfig> {}
}

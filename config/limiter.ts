import { defineConfig, stores } from '@adonisjs/limiter'
import { redisEnabled, redisKeyPrefix } from '#start/runtime'

/**
 * Rate-limit counters live in Redis when it is configured (shared by every
 * instance), in process memory otherwise.
 */
const limiterConfig = defineConfig({
  default: redisEnabled ? 'redis' : 'memory',
  stores: {
    redis: stores.redis({
      connectionName: 'main',
      keyPrefix: `${redisKeyPrefix}ratelimit`,
      rejectIfRedisNotReady: false,
    }),
    memory: stores.memory({ keyPrefix: 'ratelimit' }),
  },
})

export default limiterConfig

declare module '@adonisjs/limiter/types' {
  export interface LimitersList extends InferLimiters<typeof limiterConfig> {}
}

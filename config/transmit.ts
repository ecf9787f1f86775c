import { defineConfig } from '@adonisjs/transmit'
import env from '#start/env'
import { redisEnabled, redisKeyPrefix } from '#start/runtime'
import { ResilientRedisTransport } from '#infrastructure/redis_transport'
import { redisCommandTimeoutMs, redisServerOptions } from '#config/redis'

/**
 * In-process channels on the embedded default; with Redis configured a
 * Redis transport carries every broadcast to the subscribers of every
 * instance. The transport is ours (see ResilientRedisTransport): the stock
 * one crashes the process when Redis is unreachable at boot.
 */
export default defineConfig({
  // One timer for every stream; the pings go out through the fan-out's
  // write queue (app/services/realtime/fan_out.ts), a slice at a time.
  pingInterval: '30s',
  transport: redisEnabled
    ? {
        driver: () =>
          new ResilientRedisTransport(
            redisServerOptions,
            'transmit',
            redisKeyPrefix,
            redisCommandTimeoutMs
          ),
        channel: 'transmit',
      }
    : null,
})

/**
 * Most open event streams (`/__transmit/events`) per client IP on one
 * instance; 0 turns the cap off (issue 14, finding 21).
 */
export const sseMaxStreamsPerIp = env.get('SSE_MAX_STREAMS_PER_IP') ?? 20

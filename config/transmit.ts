import { defineConfig } from '@adonisjs/transmit'
import { redis } from '@adonisjs/transmit/transports'
import { redisOptions, redisKeyPrefix } from '#start/runtime'

/**
 * In-process channels on the embedded default; with Redis configured the
 * Redis transport carries every broadcast to the subscribers of every
 * instance.
 */
export default defineConfig({
  pingInterval: '30s',
  transport: redisOptions
    ? {
        driver: redis({
          host: redisOptions.host,
          port: redisOptions.port,
          username: redisOptions.username,
          password: redisOptions.password,
          db: redisOptions.db,
          tls: redisOptions.tls,
          keyPrefix: `${redisKeyPrefix}transmit:`,
        }),
        channel: `${redisKeyPrefix}transmit`,
      }
    : null,
})

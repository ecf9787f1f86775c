import env from '#start/env'
import app from '@adonisjs/core/services/app'
import { defineConfig, targets } from '@adonisjs/core/logger'

/**
 * Pretty, human logs in development; one JSON line per entry in production
 * and wherever logs are shipped. Tests log warnings and worse only.
 */
const defaultLevel = app.inTest ? 'warn' : 'info'
const prettyLogs = !app.inProduction && !app.inTest

const loggerConfig = defineConfig({
  default: 'app',
  loggers: {
    app: {
      enabled: true,
      name: env.get('APP_NAME') ?? 'shop',
      level: env.get('LOG_LEVEL') ?? defaultLevel,
      /**
       * No transport outside development: pino writes JSON to stdout
       * directly, without a worker thread.
       */
      transport: prettyLogs ? { targets: targets().push(targets.pretty()).toArray() } : undefined,
    },
  },
})

export default loggerConfig

declare module '@adonisjs/core/types' {
  export interface LoggersList extends InferLoggers<typeof loggerConfig> {}
}

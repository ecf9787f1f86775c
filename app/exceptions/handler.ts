import app from '@adonisjs/core/services/app'
import { HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { mapError } from '#exceptions/error_mapper'

/**
 * Every error leaves the app as `{ "errors": [{ code, message, field? }] }`
 * with the right status. Server faults (5xx) are logged with the request
 * id, which is also sent back in the `x-request-id` header.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction

  async handle(error: unknown, ctx: HttpContext) {
    const mapped = mapError(error, this.debug && !app.inTest)
    for (const [name, value] of Object.entries(mapped.headers ?? {})) {
      ctx.response.header(name, value)
    }
    ctx.response.status(mapped.status).send({ errors: mapped.errors })
  }

  async report(error: unknown, ctx: HttpContext) {
    const mapped = mapError(error, false)
    if (mapped.status === 503) {
      ctx.logger.warn({ err: error }, 'backing service unavailable')
      return
    }
    if (mapped.status >= 500) {
      ctx.logger.error({ err: error }, 'unhandled error')
    }
  }
}

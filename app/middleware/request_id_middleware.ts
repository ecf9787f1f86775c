import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

/**
 * Sends the request id (the client's `x-request-id` when it sent one, a
 * generated one otherwise) back on every response, errors included, so a
 * client can quote it and it can be found in the logs.
 */
export default class RequestIdMiddleware {
  handle(ctx: HttpContext, next: NextFn) {
    const id = ctx.request.id()
    if (id) {
      ctx.response.header('x-request-id', id)
    }
    return next()
  }
}

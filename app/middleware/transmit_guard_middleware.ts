import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors as authErrors } from '@adonisjs/auth'
import { ApiError } from '#exceptions/api_error'
import { channelRule } from '#start/channels'

/**
 * A client id as @adonisjs/transmit-client makes them (a UUID), or any
 * similar opaque token.
 */
const UID = /^[A-Za-z0-9_-]{8,100}$/

/**
 * In front of Transmit's routes (/__transmit/events, /subscribe,
 * /unsubscribe), so they answer like the rest of the API:
 * - a missing or malformed `uid` or `channel` is 422, an unknown channel
 *   404 (Transmit would throw a 500 or accept anything);
 * - a private channel needs a valid access token (401 otherwise), sent as
 *   `Authorization: Bearer` on the subscribe call;
 * - a refused subscription is 403 in the error shape (Transmit answers a
 *   bare 400).
 */
export default class TransmitGuardMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const uid = ctx.request.input('uid')
    if (typeof uid !== 'string' || !UID.test(uid)) {
      throw ApiError.unprocessable(
        'The uid field must be a client id (8 to 100 letters, digits, - or _)',
        'uid'
      )
    }
    const subscribing = ctx.request.url().endsWith('/subscribe')
    const unsubscribing = ctx.request.url().endsWith('/unsubscribe')
    if (!subscribing && !unsubscribing) {
      return next()
    }

    const channel = ctx.request.input('channel')
    if (typeof channel !== 'string' || channel.length > 200) {
      throw ApiError.unprocessable('The channel field must be a channel name', 'channel')
    }
    const rule = channelRule(channel)
    if (!rule) {
      throw new ApiError(404, 'E_NOT_FOUND', `There is no channel "${channel}"`)
    }
    if (subscribing && rule.private && !(await ctx.auth.use('jwt').check())) {
      throw new authErrors.E_UNAUTHORIZED_ACCESS('Authentication required', {
        guardDriverName: 'jwt',
      })
    }

    await next()

    if (ctx.response.getStatus() === 400) {
      ctx.response.status(403).send({
        errors: [{ code: 'E_FORBIDDEN', message: `You may not subscribe to "${channel}"` }],
      })
    }
  }
}

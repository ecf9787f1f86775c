import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors as authErrors } from '@adonisjs/auth'
import { ApiError } from '#exceptions/api_error'
import { decodeJwt } from 'jose'
import { channelRule } from '#start/channels'
import { LiveAccess } from '#services/live_access'
import { sseMaxStreamsPerIp } from '#config/transmit'

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
      openStreams.admit(ctx)
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
      /**
       * The guard's reason (E_TOKEN_MISSING, E_TOKEN_EXPIRED...) with its
       * challenge, as on the API's routes.
       */
      throw (
        ctx.auth.use('jwt').failure ??
        new authErrors.E_UNAUTHORIZED_ACCESS('Authentication required', {
          guardDriverName: 'jwt',
        })
      )
    }

    await next()

    if (ctx.response.getStatus() === 400) {
      ctx.response.status(403).send({
        errors: [{ code: 'E_FORBIDDEN', message: `You may not subscribe to "${channel}"` }],
      })
      return
    }
    if (unsubscribing) {
      LiveAccess.forget(uid, channel)
    } else if (rule.private) {
      const user = ctx.auth.use('jwt').user!
      LiveAccess.remember({ userId: user.id, sessionId: sessionOf(ctx), uid, channel })
    }
  }
}

/**
 * The session (refresh-token family) of the verified bearer token: its
 * `sid` claim, or its `jti` for a token outside any session.
 */
function sessionOf(ctx: HttpContext): string | null {
  const token = (ctx.request.header('authorization') ?? '').trim().split(/\s+/)[1]
  try {
    const claims = decodeJwt(token)
    const id = claims.sid ?? claims.jti
    return typeof id === 'string' ? id : null
  } catch {
    return null
  }
}

/**
 * Open event streams per client IP, in this process (each instance counts
 * its own: behind a load balancer a client may hold the cap on each). Past
 * the cap a new stream is 429 until one closes (issue 14, finding 21).
 */
class OpenStreams {
  #byIp = new Map<string, number>()

  count(ip: string) {
    return this.#byIp.get(ip) ?? 0
  }

  total() {
    let sum = 0
    for (const open of this.#byIp.values()) sum += open
    return sum
  }

  admit(ctx: HttpContext) {
    const max = sseMaxStreamsPerIp
    if (max <= 0) return
    const ip = ctx.request.ip()
    const open = this.count(ip)
    if (open >= max) {
      ctx.response.header('Retry-After', 5)
      throw new ApiError(
        429,
        'E_TOO_MANY_REQUESTS',
        `Too many open event streams from this address (at most ${max}): close one, or share one stream between subscriptions`
      )
    }
    this.#byIp.set(ip, open + 1)
    ctx.response.response.once('close', () => {
      const left = this.count(ip) - 1
      if (left > 0) {
        this.#byIp.set(ip, left)
      } else {
        this.#byIp.delete(ip)
      }
    })
  }
}

export const openStreams = new OpenStreams()

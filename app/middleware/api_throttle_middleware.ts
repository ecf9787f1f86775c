import app from '@adonisjs/core/services/app'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { RateLimits } from '#config/rate_limits'
import { RateLimiter } from '#services/rate_limiter'

/**
 * The general API budget: per signed-in user (this runs after `auth` on
 * protected routes), per client IP otherwise. 429 with Retry-After past it;
 * the remaining budget is sent in `x-ratelimit-*` headers.
 */
export default class ApiThrottleMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const perMinute = app.config.get<RateLimits>('rate_limits').apiPerMinute
    if (perMinute > 0) {
      const key = ctx.auth?.user ? `api_user_${ctx.auth.user.id}` : `api_ip_${ctx.request.ip()}`
      const state = await RateLimiter.consume(key, { requests: perMinute, duration: '1 minute' })
      if (state) {
        ctx.response.header('x-ratelimit-limit', state.limit)
        ctx.response.header('x-ratelimit-remaining', state.remaining)
      }
    }
    return next()
  }
}

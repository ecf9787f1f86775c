/*
|--------------------------------------------------------------------------
| HTTP rate limiters
|--------------------------------------------------------------------------
|
| The general API budget: per signed-in user, per client IP otherwise.
| Sign-in and registration have tighter budgets of their own (see
| AccountService). Budgets come from config/rate_limits.ts.
|
*/
import app from '@adonisjs/core/services/app'
import limiter from '@adonisjs/limiter/services/main'
import type { RateLimits } from '#config/rate_limits'

export const apiThrottle = limiter.define('api', (ctx) => {
  const perMinute = app.config.get<RateLimits>('rate_limits').apiPerMinute
  if (!perMinute) {
    return limiter.noLimit()
  }
  const key = ctx.auth?.user ? `user_${ctx.auth.user.id}` : `ip_${ctx.request.ip()}`
  return limiter.allowRequests(perMinute).every('1 minute').usingKey(key)
})

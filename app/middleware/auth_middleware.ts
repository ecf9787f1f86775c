import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import type { Authenticators } from '@adonisjs/auth/types'
import { errors as authErrors } from '@adonisjs/auth'

/**
 * Requires a valid access token: a 401 in the error shape otherwise, with
 * the guard's reason (E_TOKEN_MISSING, E_TOKEN_INVALID, E_TOKEN_EXPIRED,
 * E_TOKEN_REVOKED) and its `WWW-Authenticate` challenge.
 *
 * `optional: true` (public reads that show staff more): a request without
 * an Authorization header goes on anonymous; one with a header must carry
 * a valid token, so a refused token is never silently read as anonymous.
 */
export default class AuthMiddleware {
  async handle(
    ctx: HttpContext,
    next: NextFn,
    options: { guards?: (keyof Authenticators)[]; optional?: boolean } = {}
  ) {
    const guards = options.guards ?? [ctx.auth.defaultGuard as keyof Authenticators]
    if (options.optional && !guards.some((name) => ctx.auth.use(name).hasCredentials())) {
      return next()
    }
    try {
      await ctx.auth.authenticateUsing(guards)
    } catch (error) {
      const failure = guards.map((name) => ctx.auth.use(name).failure).find(Boolean)
      if (error instanceof authErrors.E_UNAUTHORIZED_ACCESS && failure) {
        throw failure
      }
      throw error
    }
    return next()
  }
}

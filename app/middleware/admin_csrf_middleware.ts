import { randomBytes, timingSafeEqual } from 'node:crypto'
import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS'])

/**
 * CSRF protection for the panel (double submit, tied to the session): the
 * session holds a random token, also given to the page as the XSRF-TOKEN
 * cookie, and every state-changing request and every call to the panel's
 * JSON API must send it back in the X-XSRF-TOKEN header, which AdminJS's
 * HTTP client (axios) does by itself for same-origin requests (or, for a
 * plain form outside the API, in the `_csrf` field). A page on another
 * site can neither read the cookie nor set the header.
 */
export default class AdminCsrfMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    let token = ctx.session.get('csrfToken') as string | undefined
    if (!token) {
      token = randomBytes(24).toString('base64url')
      ctx.session.put('csrfToken', token)
    }
    /**
     * AdminJS runs component-less actions (order moves, after their
     * confirmation) with a GET on its JSON API, so every API call needs the
     * token, whatever its method; its client always sends it.
     */
    const isApiCall = ctx.request.url().startsWith('/admin/api/')
    if (!SAFE_METHODS.has(ctx.request.method()) || isApiCall) {
      /**
       * Plain HTML forms (the sign-out page) send it as the `_csrf` field.
       */
      const field = isApiCall ? undefined : ctx.request.input('_csrf')
      const sent = ctx.request.header('x-xsrf-token') || (typeof field === 'string' ? field : '')
      const valid =
        sent.length === token.length && timingSafeEqual(Buffer.from(sent), Buffer.from(token))
      if (!valid) {
        return ctx.response.forbidden({
          errors: [{ code: 'E_BAD_CSRF_TOKEN', message: 'Invalid or missing CSRF token' }],
        })
      }
    }
    ctx.response.plainCookie('XSRF-TOKEN', token, {
      path: '/admin',
      httpOnly: false,
      sameSite: 'strict',
      encode: false,
    })
    return next()
  }
}

import app from '@adonisjs/core/services/app'
import { HttpContext, ExceptionHandler } from '@adonisjs/core/http'
import { mapError, unsupportedEncoding, type MappedError } from '#exceptions/error_mapper'
import { ApiError } from '#exceptions/api_error'

/**
 * RFC 6750 §3: every 401 carries a `WWW-Authenticate` challenge. An error
 * with its own (a refused token: `error="invalid_token"`) sends that; any
 * other 401 gets the bare challenge.
 */
const DEFAULT_CHALLENGE = 'Bearer realm="api"'

/**
 * A JSON body nested so deeply (thousands of levels) that the body parser's
 * copy of it overflows the stack: the client's fault, so a 400. Recognised
 * by the body never having been set (the framework freezes the original
 * request data once it is), so that a stack overflow anywhere else stays a
 * 500.
 */
function bodyTooDeep(error: unknown, ctx: HttpContext): MappedError | null {
  if (
    error instanceof RangeError &&
    /Maximum call stack size exceeded/.test(error.message) &&
    ctx.request.hasBody() &&
    !Object.isFrozen(ctx.request.original())
  ) {
    return {
      status: 400,
      errors: [{ code: 'E_MALFORMED_BODY', message: 'The request body is nested too deeply' }],
    }
  }
  return null
}

/**
 * A body sent with a Content-Encoding (gzip, deflate, anything but
 * identity) that the body parser failed on: it cannot decode compressed
 * bodies, so whatever the parser said, the answer is 415 (issue 14,
 * finding 18).
 */
function encodedBodyRefused(error: unknown, ctx: HttpContext): MappedError | null {
  const encoding = (ctx.request.header('content-encoding') ?? 'identity').trim().toLowerCase()
  const { status, code } = (error ?? {}) as { status?: unknown; code?: unknown }
  const parserFailure =
    status === 400 || status === 413 || status === 415 || String(code).startsWith('Z_')
  if (
    encoding !== 'identity' &&
    parserFailure &&
    ctx.request.hasBody() &&
    !Object.isFrozen(ctx.request.original())
  ) {
    return unsupportedEncoding()
  }
  return null
}

/**
 * Every error leaves the app as `{ "errors": [{ code, message, field? }] }`
 * with the right status. Server faults (5xx) are logged with the request
 * id, which is also sent back in the `x-request-id` header.
 */
export default class HttpExceptionHandler extends ExceptionHandler {
  protected debug = !app.inProduction

  async handle(error: unknown, ctx: HttpContext) {
    const mapped =
      bodyTooDeep(error, ctx) ??
      encodedBodyRefused(error, ctx) ??
      mapError(error, this.debug && !app.inTest)
    const headers: Record<string, string | number> = {
      ...mapped.headers,
      ...(error instanceof ApiError ? error.headers : {}),
    }
    if (mapped.status === 401) {
      const own = error instanceof ApiError ? error.headers['WWW-Authenticate'] : undefined
      headers['WWW-Authenticate'] = own ?? DEFAULT_CHALLENGE
    }
    for (const [name, value] of Object.entries(headers)) {
      ctx.response.header(name, value)
    }
    ctx.response.status(mapped.status).send({ errors: mapped.errors })
  }

  async report(error: unknown, ctx: HttpContext) {
    const mapped =
      bodyTooDeep(error, ctx) ?? encodedBodyRefused(error, ctx) ?? mapError(error, false)
    if (mapped.status === 503) {
      ctx.logger.warn({ err: error }, 'backing service unavailable')
      return
    }
    if (mapped.status >= 500) {
      ctx.logger.error({ err: error }, 'unhandled error')
    }
  }
}

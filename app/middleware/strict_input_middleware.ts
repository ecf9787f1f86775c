import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { errors as vineErrors } from '@vinejs/vine'
import { ApiError } from '#exceptions/api_error'
import { routeInput } from '#validators/route_inputs'
import {
  noBody,
  unknownBodyFields,
  unknownQueryParameters,
  type InputProblem,
} from '#validators/strict_input'

const WRITES = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

/**
 * application/json, or a JSON-based type (application/merge-patch+json).
 */
const JSON_TYPE = /^application\/(?:[\w.-]+\+)?json\s*(?:;|$)/i

/**
 * Every /api/v1 request reads only what its route reads (issue 15, items
 * 1 and 2), checked before the controller runs:
 * - a body that is not JSON (text/plain, a form) on a route that takes a
 *   body is 415, saying to send application/json;
 * - a query parameter or a body field the route does not read
 *   (`ROUTE_INPUTS` in #validators/route_inputs) is 422 naming it, with
 *   "did you mean" and the accepted names; a route that takes no body
 *   refuses a non-empty one.
 * A route that needs a signed-in user answers 401 first: a request
 * without a valid token learns nothing about the route's input.
 */
export default class StrictInputMiddleware {
  async handle(ctx: HttpContext, next: NextFn) {
    const { request, route } = ctx
    if (!route?.name?.startsWith('v1.')) {
      return next()
    }
    const input = routeInput(route.name)
    const method = request.method()
    const sent = hasBody(ctx)

    if (sent && input.body && WRITES.has(method) && !JSON_TYPE.test(contentType(ctx))) {
      await this.authenticateFirst(ctx)
      throw new ApiError(415, 'E_UNSUPPORTED_MEDIA_TYPE', UNSUPPORTED_MEDIA_TYPE)
    }

    const problems: InputProblem[] = unknownQueryParameters(input, request.qs())
    if (input.multipart) {
      // An upload: the route reads and checks its multipart form itself.
    } else if (WRITES.has(method)) {
      problems.push(
        ...(JSON_TYPE.test(contentType(ctx)) || !sent
          ? unknownBodyFields(input, request.body())
          : [noBody()])
      )
    } else if (sent) {
      problems.push(noBody())
    }
    if (problems.length) {
      await this.authenticateFirst(ctx)
      throw new vineErrors.E_VALIDATION_ERROR(problems)
    }
    return next()
  }

  /**
   * On a route behind `auth`, a request without a valid token is a 401
   * before anything is said about its input.
   */
  protected async authenticateFirst(ctx: HttpContext) {
    const named = [...(ctx.route?.middleware.all() ?? [])].some(
      (entry) => typeof entry === 'object' && (entry as { name?: string }).name === 'auth'
    )
    if (named) {
      await ctx.auth.authenticate()
    }
  }
}

const UNSUPPORTED_MEDIA_TYPE =
  'Send the request body as JSON with the header Content-Type: application/json (text/plain, forms and multipart are not accepted here)'

function contentType({ request }: HttpContext) {
  return request.header('content-type') ?? ''
}

/**
 * Whether the request carries a body (a length above 0, or a chunked
 * one).
 */
function hasBody({ request }: HttpContext) {
  const length = Number(request.header('content-length') ?? 0)
  return length > 0 || request.header('transfer-encoding') !== undefined
}

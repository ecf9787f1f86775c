import type { HttpContext } from '@adonisjs/core/http'
import type { NextFn } from '@adonisjs/core/types/http'
import { ApiError } from '#exceptions/api_error'

const WRITES = new Set(['POST', 'PUT', 'PATCH'])

/**
 * The API speaks JSON only: negotiate every response (errors included) as
 * JSON, whatever the client's Accept header says. A write's JSON body must
 * be an object: an array would otherwise reach the validators as an object
 * of its indexes and pass as "nothing to change".
 */
export default class ForceJsonResponseMiddleware {
  handle({ request }: HttpContext, next: NextFn) {
    const headers = request.headers()
    headers.accept = 'application/json'
    if (WRITES.has(request.method()) && Array.isArray(request.body())) {
      throw new ApiError(422, 'E_VALIDATION_ERROR', 'The request body must be a JSON object', [
        { code: 'E_VALIDATION_ERROR', message: 'The request body must be a JSON object' },
      ])
    }
    return next()
  }
}

import { Exception } from '@adonisjs/core/exceptions'

/**
 * One entry of the JSON error body.
 */
export interface ApiErrorItem {
  code: string
  message: string
  field?: string
  [key: string]: unknown
}

/**
 * A typed API error: a status, an `E_*` code and a message, optionally
 * several items (each may name a field). Rendered by the exception handler
 * as `{ "errors": [...] }`.
 */
export class ApiError extends Exception {
  readonly items: ApiErrorItem[]
  /**
   * Response headers sent with the error (a 401's `WWW-Authenticate`).
   */
  readonly headers: Record<string, string>

  constructor(
    status: number,
    code: string,
    message: string,
    items?: ApiErrorItem[],
    headers: Record<string, string> = {}
  ) {
    super(message, { status, code })
    this.items = items ?? [{ code, message }]
    this.headers = headers
  }

  static notFound(message = 'Resource not found') {
    return new ApiError(404, 'E_NOT_FOUND', message)
  }

  static conflict(message: string, items?: ApiErrorItem[]) {
    return new ApiError(409, 'E_CONFLICT', message, items)
  }

  static forbidden(message = 'You are not allowed to do this') {
    return new ApiError(403, 'E_FORBIDDEN', message)
  }

  static unprocessable(message: string, field?: string) {
    return new ApiError(422, 'E_VALIDATION_ERROR', message, [
      { code: 'E_VALIDATION_ERROR', message, ...(field ? { field } : {}) },
    ])
  }

  static serviceUnavailable(message = 'A backing service is unavailable, try again shortly') {
    return new ApiError(503, 'E_SERVICE_UNAVAILABLE', message)
  }
}

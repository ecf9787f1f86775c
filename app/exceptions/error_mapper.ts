import { ApiError, type ApiErrorItem } from '#exceptions/api_error'

/**
 * What the exception handler sends: a status, the error items and extra
 * response headers.
 */
export interface MappedError {
  status: number
  errors: ApiErrorItem[]
  headers?: Record<string, string | number>
}

type AnyError = {
  name?: string
  code?: string | number
  status?: number
  message?: string
  messages?: unknown
  errno?: number
  [key: string]: unknown
}

/**
 * Network-level and server-state error codes meaning "PostgreSQL or Redis
 * cannot be reached right now": the request may succeed later, so 503.
 */
const UNAVAILABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
  '57P01', // admin_shutdown
  '57P02', // crash_shutdown
  '57P03', // cannot_connect_now
  '53300', // too_many_connections
  '08000', // connection_exception
  '08001', // sqlclient_unable_to_establish_sqlconnection
  '08003', // connection_does_not_exist
  '08006', // connection_failure
  'SQLITE_BUSY',
  'SQLITE_LOCKED',
])

/**
 * zlib's error codes, raised while inflating a request body.
 */
const ZLIB_ERROR_CODES = new Set([
  'Z_DATA_ERROR',
  'Z_BUF_ERROR',
  'Z_STREAM_ERROR',
  'Z_NEED_DICT',
  'ERR_BROTLI_DECOMPRESSION_FAILED',
])

const UNAVAILABLE_NAMES = new Set(['KnexTimeoutError', 'MaxRetriesPerRequestError'])

const UNAVAILABLE_MESSAGES = [
  /Connection terminated/i,
  /Connection is closed/i,
  /Timeout acquiring a connection/i,
  /Stream isn't writeable/i,
  // pg's connectionTimeoutMillis and query_timeout (see config/database.ts)
  /^timeout expired$/,
  /Query read timeout/i,
]

/**
 * Whether `thrown` says PostgreSQL or Redis cannot be reached right now
 * (answered 503).
 */
export function isUnavailable(thrown: unknown): boolean {
  if (!thrown || typeof thrown !== 'object') {
    return false
  }
  const error = thrown as AnyError
  if (typeof error.code === 'string' && UNAVAILABLE_CODES.has(error.code)) {
    return true
  }
  if (error.name && UNAVAILABLE_NAMES.has(error.name)) {
    return true
  }
  const message = error.message ?? ''
  if (UNAVAILABLE_MESSAGES.some((pattern) => pattern.test(message))) {
    return true
  }
  /**
   * AggregateError from a failed dual-stack connect (ECONNREFUSED on ::1
   * and 127.0.0.1)
   */
  const nested = (error as { errors?: unknown }).errors
  return Array.isArray(nested) && nested.some((inner) => isUnavailable(inner))
}

/**
 * Integrity violations that slipped past validation (a race between two
 * writers): the request conflicts with the current state, 409.
 */
function integrityViolation(error: AnyError): string | null {
  switch (error.code) {
    case '23505':
    case 'SQLITE_CONSTRAINT_UNIQUE':
    case 'SQLITE_CONSTRAINT_PRIMARYKEY':
      return 'The resource conflicts with an existing one'
    case '23503':
    case 'SQLITE_CONSTRAINT_FOREIGNKEY':
      return 'The resource references, or is referenced by, another resource'
    case '23514':
    case 'SQLITE_CONSTRAINT_CHECK':
      return 'The change would break a rule of the data (for example, stock below zero)'
    default:
      return null
  }
}

/**
 * A unique index refused the row (another writer got there first).
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as AnyError | undefined)?.code
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE'
}

export function unsupportedEncoding(): MappedError {
  return {
    status: 415,
    errors: [
      {
        code: 'E_UNSUPPORTED_ENCODING',
        message:
          'Compressed request bodies are not accepted: send the body uncompressed, without a Content-Encoding header (or with "identity")',
      },
    ],
  }
}

/**
 * Maps any thrown value to the one JSON error shape and its status.
 */
export function mapError(thrown: unknown, exposeInternals: boolean): MappedError {
  const error = (thrown ?? {}) as AnyError

  /**
   * An error thrown inside a cache factory arrives wrapped by the cache.
   */
  const constructorCode = (error.constructor as { code?: string } | undefined)?.code
  if (constructorCode === 'E_FACTORY_ERROR' && error.cause) {
    return mapError(error.cause, exposeInternals)
  }

  if (error instanceof ApiError) {
    return { status: error.status, errors: error.items }
  }

  switch (error.code) {
    case 'E_VALIDATION_ERROR': {
      const messages = Array.isArray(error.messages) ? error.messages : []
      return {
        status: 422,
        errors: messages.map((entry: { field?: string; message: string; rule?: string }) => ({
          code: 'E_VALIDATION_ERROR',
          message: entry.message,
          field: entry.field,
          ...(entry.rule ? { rule: entry.rule } : {}),
        })),
      }
    }
    case 'E_ROUTE_NOT_FOUND':
      return {
        status: 404,
        errors: [{ code: 'E_ROUTE_NOT_FOUND', message: 'No route matches this method and URL' }],
      }
    case 'E_ROW_NOT_FOUND':
      return { status: 404, errors: [{ code: 'E_NOT_FOUND', message: 'Resource not found' }] }
    case 'E_UNAUTHORIZED_ACCESS':
      return {
        status: 401,
        errors: [{ code: 'E_UNAUTHORIZED_ACCESS', message: 'Authentication required' }],
        headers: { 'WWW-Authenticate': 'Bearer' },
      }
    case 'E_AUTHORIZATION_FAILURE': {
      const status = error.status === 404 ? 404 : 403
      return {
        status,
        errors: [
          status === 404
            ? { code: 'E_NOT_FOUND', message: 'Resource not found' }
            : { code: 'E_FORBIDDEN', message: 'You are not allowed to do this' },
        ],
      }
    }
    case 'E_TOO_MANY_REQUESTS': {
      const limiterResponse = error.response as { availableIn?: number; limit?: number } | undefined
      const retryAfter = Math.max(1, Math.ceil(limiterResponse?.availableIn ?? 1))
      return {
        status: 429,
        errors: [
          {
            code: 'E_TOO_MANY_REQUESTS',
            message: `Too many requests, retry in ${retryAfter} s`,
            retry_after: retryAfter,
          },
        ],
        headers: {
          'Retry-After': retryAfter,
          'X-RateLimit-Limit': limiterResponse?.limit ?? 0,
          'X-RateLimit-Remaining': 0,
        },
      }
    }
  }

  /**
   * Body parser failures: malformed JSON or form data, too large a body,
   * an unsupported encoding.
   */
  if (
    error.status === 400 &&
    (error.type === 'entity.parse.failed' || error.name === 'SyntaxError')
  ) {
    return {
      status: 400,
      errors: [{ code: 'E_MALFORMED_BODY', message: 'The request body is not valid JSON' }],
    }
  }
  /**
   * A Content-Encoding the body parser cannot decode: an unknown one, or a
   * gzip/deflate header on a body that is not (zlib's errors). The body
   * parser does not take compressed bodies at all (it checks their size
   * against the compressed Content-Length), so 415 (issue 14, finding 18).
   */
  if (
    (typeof error.code === 'string' && ZLIB_ERROR_CODES.has(error.code)) ||
    error.code === 'E_ENCODING_UNSUPPORTED' ||
    error.type === 'encoding.unsupported' ||
    (error.status === 415 && /Content-Encoding/i.test(error.message ?? ''))
  ) {
    return unsupportedEncoding()
  }
  if (error.status === 413) {
    return {
      status: 413,
      errors: [{ code: 'E_BODY_TOO_LARGE', message: 'The request body is too large' }],
    }
  }

  if (isUnavailable(error)) {
    return {
      status: 503,
      errors: [
        {
          code: 'E_SERVICE_UNAVAILABLE',
          message: 'A backing service (database or cache) is unavailable, try again shortly',
        },
      ],
      headers: { 'Retry-After': 5 },
    }
  }

  const integrity = integrityViolation(error)
  if (integrity) {
    return { status: 409, errors: [{ code: 'E_CONFLICT', message: integrity }] }
  }

  /**
   * The panel's (AdminJS's) own errors: an unknown resource, record or
   * action (NotFoundError, 404), an action the user may not run
   * (ForbiddenError, 403), refused input (ValidationError). They carry a
   * `statusCode` and the message without AdminJS's documentation link in
   * `baseMessage`.
   */
  const adminStatus = error.statusCode
  if (typeof adminStatus === 'number' && adminStatus >= 400 && adminStatus < 500) {
    const code =
      { 403: 'E_FORBIDDEN', 404: 'E_NOT_FOUND' }[adminStatus as 403 | 404] ?? 'E_BAD_REQUEST'
    const message = typeof error.baseMessage === 'string' ? error.baseMessage : error.message
    return { status: adminStatus, errors: [{ code, message: message || 'Bad request' }] }
  }

  /**
   * Any other HTTP-aware exception keeps its own status and code.
   */
  if (typeof error.status === 'number' && error.status >= 400 && error.status < 500) {
    return {
      status: error.status,
      errors: [
        {
          code: typeof error.code === 'string' ? error.code : 'E_BAD_REQUEST',
          message: error.message || 'Bad request',
        },
      ],
    }
  }

  return {
    status: 500,
    errors: [
      {
        code: 'E_INTERNAL_SERVER_ERROR',
        message: exposeInternals && error.message ? error.message : 'Internal server error',
      },
    ],
  }
}

import { ApiError } from '#exceptions/api_error'

/**
 * Why a request was not authenticated (issue 15, item 4): each 401 names
 * its cause, so a client can tell "refresh the access token" from "sign in
 * again".
 */
export const AUTH_ERRORS = {
  E_TOKEN_MISSING: 'No access token: send `Authorization: Bearer <access_token>`',
  E_TOKEN_INVALID:
    'The access token is malformed or its signature, issuer or audience is wrong: sign in again',
  E_TOKEN_EXPIRED: 'The access token has expired: trade the refresh token at /api/v1/auth/refresh',
  E_TOKEN_REVOKED: 'The access token was revoked (logout or password change): sign in again',
  E_REFRESH_INVALID: 'Unknown refresh token: sign in again',
  E_REFRESH_EXPIRED: 'The refresh token has expired: sign in again',
  E_REFRESH_REVOKED:
    'The refresh token was revoked (logout, password change, or reuse of a spent token): sign in again',
  E_INVALID_CREDENTIALS: 'Wrong email or password',
} as const

export type AuthErrorCode = keyof typeof AUTH_ERRORS

/**
 * The realm of every `WWW-Authenticate` challenge.
 */
export const AUTH_REALM = 'api'

/**
 * RFC 6750 §3: a request without credentials gets the bare challenge; one
 * with a token that was refused gets `error="invalid_token"` and a
 * description (quotes and backslashes left out, as the grammar wants).
 */
export function bearerChallenge(description?: string) {
  if (!description) {
    return `Bearer realm="${AUTH_REALM}"`
  }
  const quoted = description.replace(/["\\]/g, '')
  return `Bearer realm="${AUTH_REALM}", error="invalid_token", error_description="${quoted}"`
}

/**
 * A 401 in the one error shape with its specific code and challenge.
 */
export class AuthenticationError extends ApiError {
  constructor(code: AuthErrorCode, message: string = AUTH_ERRORS[code]) {
    const challenge =
      code === 'E_TOKEN_MISSING' || code === 'E_INVALID_CREDENTIALS'
        ? bearerChallenge()
        : bearerChallenge(message)
    super(401, code, message, undefined, { 'WWW-Authenticate': challenge })
  }
}

import { dateTime, integer, object, string } from '#serializers/json_schema'

/**
 * A token pair as the API answers it (sign-up, login, refresh, password
 * change); `AuthTokenService.issue` builds it.
 */
export interface TokenPair {
  token_type: 'Bearer'
  access_token: string
  expires_in: number
  access_token_expires_at: string
  refresh_token: string
  refresh_token_expires_at: string
}

/**
 * The OpenAPI schema of a token pair (`AuthTokenService.issue`).
 */
export const tokenSchemas = {
  TokenPair: object({
    token_type: { type: 'string', const: 'Bearer' },
    access_token: { ...string, description: 'A JWT (HS256): send it as `Authorization: Bearer`.' },
    expires_in: { ...integer, description: 'Seconds the access token lives.' },
    access_token_expires_at: dateTime,
    refresh_token: {
      ...string,
      description: 'Single use: POST it to /auth/refresh for the next pair.',
    },
    refresh_token_expires_at: dateTime,
  }),
}

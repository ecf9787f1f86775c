import env from '#start/env'

/**
 * Refresh-token rotation. Read on each refresh
 * (`app.config.get('refresh_tokens')`).
 */
const refreshTokens = {
  /**
   * Seconds after a rotation during which the spent token, presented again
   * (two tabs refreshing at once, a retry after a timeout), answers the
   * same new pair instead of counting as reuse and revoking the family.
   * 0 turns the window off.
   */
  reuseGraceSeconds: env.get('JWT_REFRESH_GRACE') ?? 10,
}

export type RefreshTokenSettings = typeof refreshTokens

export default refreshTokens

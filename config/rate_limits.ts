import env from '#start/env'

/**
 * Request budgets. Read on each request (`app.config.get('rate_limits')`),
 * so they can be tuned by env without code changes.
 */
const rateLimits = {
  /**
   * Failed logins per email per minute, then 429 until the minute is over.
   */
  loginPerEmailPerMinute: env.get('RATE_LIMIT_LOGIN_PER_MINUTE') ?? 5,
  /**
   * Failed logins per client IP per minute (many emails from one address).
   */
  loginPerIpPerMinute: env.get('RATE_LIMIT_LOGIN_IP_PER_MINUTE') ?? 30,
  /**
   * Registrations per client IP per hour, and per email per hour.
   */
  registerPerIpPerHour: env.get('RATE_LIMIT_REGISTER_PER_HOUR') ?? 20,
  registerPerEmailPerHour: 5,
  /**
   * General API budget per signed-in user (or per IP when anonymous) per
   * minute. 0 turns it off.
   */
  apiPerMinute: env.get('RATE_LIMIT_API_PER_MINUTE') ?? 600,
}

export type RateLimits = typeof rateLimits

export default rateLimits

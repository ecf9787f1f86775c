import env from '#start/env'

/**
 * Request budgets. Read on each request (`app.config.get('rate_limits')`),
 * so they can be tuned by env without code changes.
 */
const rateLimits = {
  /**
   * Sign-in attempts (API and panel alike) per e-mail address from one
   * client IP per minute: the tight budget for guesses. Every attempt is
   * counted before the password is checked; a successful sign-in gives
   * its pair's attempts back.
   */
  loginPerEmailPerMinute: env.get('RATE_LIMIT_LOGIN_PER_MINUTE') ?? 5,
  /**
   * Sign-in attempts per e-mail address per minute from all IPs together:
   * a looser ceiling, so guesses spread over many addresses stay bounded,
   * while one stranger's guesses (held to the budget above) cannot use it
   * up and lock the owner out.
   */
  loginPerAccountPerMinute: env.get('RATE_LIMIT_LOGIN_ACCOUNT_PER_MINUTE') ?? 20,
  /**
   * Sign-in attempts per client IP per minute (many e-mails from one
   * address).
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

import app from '@adonisjs/core/services/app'
import { errors } from '@adonisjs/limiter'
import type { RateLimits } from '#config/rate_limits'
import { RateLimiter, type Budget } from '#services/rate_limiter'

interface Counter {
  key: string
  budget: Budget
}

/**
 * The budgets of one sign-in attempt, tightest first.
 */
function countersFor(email: string, ip: string): { pair: Counter; others: Counter[] } {
  const limits = app.config.get<RateLimits>('rate_limits')
  return {
    pair: {
      key: `login_pair_${ip}_${email}`,
      budget: { requests: limits.loginPerEmailPerMinute, duration: '1 minute' },
    },
    others: [
      {
        key: `login_account_${email}`,
        budget: { requests: limits.loginPerAccountPerMinute, duration: '1 minute' },
      },
      {
        key: `login_ip_${ip}`,
        budget: { requests: limits.loginPerIpPerMinute, duration: '1 minute' },
      },
    ],
  }
}

/**
 * The one sign-in throttle of the API login and the panel login, so both
 * draw on the same budgets (keyed by the normalised e-mail).
 *
 * Every attempt is counted before its password is checked, with the
 * limiter's atomic `consume`: of any number of concurrent guesses, at most
 * the budget ever reaches the hash check, the rest are 429 without it.
 * Three budgets:
 * - per (e-mail, IP), tight (5 a minute): what guessing from one place
 *   runs into;
 * - per e-mail from every IP, looser (20 a minute): a ceiling for guesses
 *   spread over many addresses. It is consumed only once the pair budget
 *   allowed the attempt, so one stranger can spend at most their own
 *   pair's share of it and cannot lock the owner out from elsewhere;
 * - per IP (30 a minute): many e-mails from one address.
 * A successful sign-in gives its attempt back and clears its pair's count;
 * an attempt that ends without a verdict (database away) is given back.
 *
 * Since attempts are counted before their verdict, more concurrent
 * sign-ins for one e-mail from one IP than its budget are refused even
 * with the right password (a person signs in once; only scripts do that).
 */
export const LoginThrottle = {
  /**
   * Runs `verify` (the password check) if the budgets allow one more
   * attempt; throws E_TOO_MANY_REQUESTS (429 with Retry-After) otherwise.
   * `verify` answers null for a failed sign-in.
   */
  async attempt<T>(email: string, ip: string, verify: () => Promise<T | null>): Promise<T | null> {
    const { pair, others } = countersFor(email, ip)
    const counted: Counter[] = []
    try {
      /**
       * Null: the store is unreachable (Redis away or stalled). The budgets
       * are not enforced meanwhile (RateLimiter fails open), and the rest
       * of the counting is skipped rather than waited for again.
       */
      for (const counter of [pair, ...others]) {
        if (!(await RateLimiter.consume(counter.key, counter.budget))) {
          break
        }
        counted.push(counter)
      }
    } catch (error) {
      /**
       * Refused by a wider budget: this attempt was not made, so it does
       * not count against the narrower ones either.
       */
      if (error instanceof errors.E_TOO_MANY_REQUESTS) {
        await Promise.all(counted.map(({ key, budget }) => RateLimiter.refund(key, budget)))
      }
      throw error
    }

    let result: T | null
    try {
      result = await verify()
    } catch (error) {
      /**
       * No verdict (the database is away: a 503): nothing was learned, so
       * the attempt is given back rather than counted as a guess.
       */
      await Promise.all(counted.map(({ key, budget }) => RateLimiter.refund(key, budget)))
      throw error
    }
    if (result !== null && counted.length) {
      await Promise.all(
        counted.map(({ key, budget }) =>
          key === pair.key ? RateLimiter.reset(key, budget) : RateLimiter.refund(key, budget)
        )
      )
    }
    return result
  },
}

import limiter from '@adonisjs/limiter/services/main'
import logger from '@adonisjs/core/services/logger'
import { errors } from '@adonisjs/limiter'
import type { LimiterResponse } from '@adonisjs/limiter'

type Budget = { requests: number; duration: string }

let lastWarning = 0

/**
 * A rate-limit store that cannot be reached (Redis away) does not take the
 * API down with it: the budget is not enforced until it returns, and that
 * is logged (at most every 30 s).
 */
async function failOpen<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await operation()
  } catch (error) {
    if (error instanceof errors.E_TOO_MANY_REQUESTS) {
      throw error
    }
    if (Date.now() - lastWarning > 30_000) {
      lastWarning = Date.now()
      logger.warn({ err: error }, 'rate-limit store unreachable: budgets not enforced meanwhile')
    }
    return fallback
  }
}

export const RateLimiter = {
  /**
   * Counts one request against the budget; 429 past it.
   */
  consume(key: string, budget: Budget): Promise<LimiterResponse | null> {
    return failOpen(() => limiter.use(budget).consume(key), null)
  },

  /**
   * 429 when the budget is spent, without counting this request.
   */
  async ensureNotExhausted(key: string, budget: Budget): Promise<void> {
    const state = await failOpen(() => limiter.use(budget).get(key), null)
    if (state && state.remaining <= 0 && state.availableIn > 0) {
      throw new errors.E_TOO_MANY_REQUESTS(state)
    }
  },

  /**
   * Counts a failure (a wrong password) against the budget.
   */
  async penalize(key: string, budget: Budget): Promise<void> {
    await failOpen(() => limiter.use(budget).increment(key), null)
  },

  async reset(key: string, budget: Budget): Promise<void> {
    await failOpen(() => limiter.use(budget).delete(key), false)
  },
}

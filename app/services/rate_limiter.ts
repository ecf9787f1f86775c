import limiter from '@adonisjs/limiter/services/main'
import logger from '@adonisjs/core/services/logger'
import { errors } from '@adonisjs/limiter'
import type { LimiterResponse } from '@adonisjs/limiter'
import { withTimeout } from '#services/with_timeout'
import { redisEnabled } from '#start/runtime'

export type Budget = { requests: number; duration: string }

let lastWarning = 0

/**
 * How long a limiter call may wait on its store (Redis) before it counts
 * as unreachable: a stalled Redis answers nothing, not even an error.
 */
const STORE_TIMEOUT_MS = 1_000

/**
 * A rate-limit store that cannot be reached (Redis away) or does not
 * answer in time (Redis stalled) does not take the API down with it: the
 * budget is not enforced until it returns, and that is logged (at most
 * every 30 s).
 */
async function failOpen<T>(operation: () => Promise<T>, fallback: T): Promise<T> {
  try {
    return await (redisEnabled
      ? withTimeout(operation(), STORE_TIMEOUT_MS, 'the rate-limit store')
      : operation())
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

/**
 * The limiter of a budget. `limiter.use` parses the duration in place, so
 * it gets a copy.
 */
function use(budget: Budget) {
  return limiter.use({ requests: budget.requests, duration: budget.duration })
}

export const RateLimiter = {
  /**
   * Counts one request against the budget, atomically (one INCR on Redis,
   * one synchronous update in memory): of N concurrent requests, exactly
   * the budget gets through and the rest are 429 (E_TOO_MANY_REQUESTS),
   * before any of the work the budget protects is done. Null when the
   * store is unreachable (the request is let through).
   */
  consume(key: string, budget: Budget): Promise<LimiterResponse | null> {
    return failOpen(() => use(budget).consume(key), null)
  },

  /**
   * Gives one counted request back (never below zero): the request turned
   * out not to be one the budget is meant to limit (a successful sign-in).
   */
  async refund(key: string, budget: Budget): Promise<void> {
    await failOpen(() => use(budget).decrement(key), null)
  },

  /**
   * Forgets every request counted for the key.
   */
  async reset(key: string, budget: Budget): Promise<void> {
    await failOpen(() => use(budget).delete(key), false)
  },
}

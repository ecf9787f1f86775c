import { ApiError } from '#exceptions/api_error'
import { isUnavailable } from '#exceptions/error_mapper'

interface Waiter {
  admit(): void
  refuse(error: ApiError): void
}

/**
 * At most `limit` calls of one kind of work at a time in this process; the
 * others wait their turn, in order of arrival, for up to `maxWaitMs`.
 *
 * Checkout goes through one (config/orders.ts): without it, a burst of
 * 1,000 checkouts queues 1,000 transactions at the database pool, whose
 * wait is bounded to fail fast when PostgreSQL cannot be reached (4 s,
 * config/database.ts), so the end of a healthy but long queue was answered
 * 503. Here the queue waits outside the pool (each admitted checkout then
 * finds a connection at once), and the pool's other users (catalog reads,
 * sign-ins) keep connections of their own during a flash sale.
 *
 * A refusal is a 503 in the API's error shape with `Retry-After`:
 * `E_OVERLOADED` when the wait ran out, `E_SERVICE_UNAVAILABLE` for every
 * waiter at once when an admitted call failed because the database (or
 * Redis) cannot be reached: they would each wait their turn to fail the
 * same way.
 */
export class Bulkhead {
  #running = 0
  readonly #waiting: Waiter[] = []

  constructor(
    readonly name: string,
    readonly limit: number,
    readonly maxWaitMs: number
  ) {
    if (!Number.isInteger(limit) || limit < 1) {
      throw new RangeError(`Bulkhead "${name}": the limit must be a positive integer`)
    }
  }

  /**
   * Calls running now and calls waiting (for tests and metrics).
   */
  get load() {
    return { running: this.#running, waiting: this.#waiting.length }
  }

  async run<T>(work: () => Promise<T>): Promise<T> {
    await this.#enter()
    try {
      return await work()
    } catch (error) {
      if (isUnavailable(error)) {
        this.#refuseAll(
          new ApiError(
            503,
            'E_SERVICE_UNAVAILABLE',
            'A backing service (database or cache) is unavailable, try again shortly',
            undefined,
            { 'Retry-After': '5' }
          )
        )
      }
      throw error
    } finally {
      this.#leave()
    }
  }

  #enter(): Promise<void> {
    if (this.#running < this.limit) {
      this.#running++
      return Promise.resolve()
    }
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        admit: () => {
          clearTimeout(timer)
          resolve()
        },
        refuse: (error) => {
          clearTimeout(timer)
          reject(error)
        },
      }
      const timer = setTimeout(() => {
        const index = this.#waiting.indexOf(waiter)
        if (index !== -1) {
          this.#waiting.splice(index, 1)
        }
        const seconds = Math.ceil(this.maxWaitMs / 1000)
        const message = `Too many ${this.name} requests at once: none finished within ${seconds} s of this one's arrival; try again in a few seconds`
        reject(new ApiError(503, 'E_OVERLOADED', message, undefined, { 'Retry-After': '5' }))
      }, this.maxWaitMs)
      this.#waiting.push(waiter)
    })
  }

  /**
   * The slot passes to the first waiter, if any (the count of running
   * calls stays), else it is freed.
   */
  #leave() {
    const next = this.#waiting.shift()
    if (next) {
      next.admit()
    } else {
      this.#running--
    }
  }

  #refuseAll(error: ApiError) {
    for (const waiter of this.#waiting.splice(0)) {
      waiter.refuse(error)
    }
  }
}

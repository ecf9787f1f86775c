import { EventSource } from 'eventsource'
import { Transmit } from '@adonisjs/transmit-client'
import { serverUrl } from '#tests/support/app_process'

export interface LiveSubscription<T> {
  /**
   * Status of the subscribe call: 204 accepted, anything else refused.
   */
  status: number
  messages: T[]
  /**
   * Resolves with the first message (received so far or later) that
   * matches; rejects after `timeoutMs` as a safety net, not as a timing
   * assumption.
   */
  next(predicate?: (message: T) => boolean, timeoutMs?: number): Promise<T>
}

/**
 * A real @adonisjs/transmit-client in Node (the `eventsource` package as
 * its EventSource), signed in with an access token when given one, as the
 * browser page is.
 */
export class LiveClient {
  #transmit: Transmit
  #lastFailure = 0

  constructor(options: { token?: string; baseUrl?: string } = {}) {
    this.#transmit = new Transmit({
      baseUrl: options.baseUrl ?? serverUrl(),
      eventSourceFactory: (url, init) => new EventSource(url, init) as any,
      beforeSubscribe: (request) => {
        if (options.token) {
          request.headers.set('authorization', `Bearer ${options.token}`)
        }
      },
      onSubscribeFailed: (response) => {
        this.#lastFailure = response.status
      },
      maxReconnectAttempts: 3,
    })
  }

  /**
   * Subscribes (sequentially: one create at a time per client).
   */
  async subscribe<T = any>(channel: string): Promise<LiveSubscription<T>> {
    const messages: T[] = []
    const waiters: Array<{ predicate: (message: T) => boolean; resolve: (message: T) => void }> = []
    const subscription = this.#transmit.subscription(channel)
    subscription.onMessage<T>((message) => {
      messages.push(message)
      for (const waiter of [...waiters]) {
        if (waiter.predicate(message)) {
          waiters.splice(waiters.indexOf(waiter), 1)
          waiter.resolve(message)
        }
      }
    })
    this.#lastFailure = 0
    await subscription.create()
    const status = subscription.isCreated ? 204 : this.#lastFailure
    return {
      status,
      messages,
      next(predicate = () => true, timeoutMs = 15_000) {
        const seen = messages.find(predicate)
        if (seen) {
          return Promise.resolve(seen)
        }
        return new Promise<T>((resolve, reject) => {
          const timer = setTimeout(
            () => reject(new Error(`no matching message on ${channel} within ${timeoutMs} ms`)),
            timeoutMs
          )
          waiters.push({
            predicate,
            resolve: (message) => {
              clearTimeout(timer)
              resolve(message)
            },
          })
        })
      },
    }
  }

  close() {
    this.#transmit.close()
  }
}

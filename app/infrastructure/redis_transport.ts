import { EventEmitter } from 'node:events'
import { Redis, type RedisOptions } from 'ioredis'

type Handler = (payload: any) => void

/**
 * Connection state of every bus connection, for the outage watcher in
 * start/redis.ts (one warning per outage, not one per retry).
 */
export const busConnectionEvents = new EventEmitter<{
  failure: [name: string, error: unknown]
  ready: [name: string]
}>()

/**
 * A pub/sub transport for @boringnode/bus (the cache bus and Transmit) that
 * survives Redis being away, at boot or later:
 *
 * - the subscriber waits for Redis (no retry limit) and re-subscribes by
 *   itself after a reconnect, so no instance silently stops hearing
 *   invalidations or broadcasts;
 * - the publisher fails fast, so a publish during an outage lands in the
 *   bus's retry queue instead of holding up the request that made it
 *   (within the publish timeout when Redis is stalled rather than gone);
 * - both connections report errors to `busConnectionEvents` instead of
 *   throwing from a callback (the stock transport crashes the process when
 *   its first SUBSCRIBE fails).
 *
 * Messages are JSON `{ busId, payload }`, the same on every instance.
 */
export class ResilientRedisTransport {
  #publisher: Redis
  #subscriber: Redis
  #handlers = new Map<string, Handler[]>()
  #id?: string
  #prefix: string
  #name: string
  #closing = false

  /**
   * `channelPrefix` keeps apps (and test runs) that share one Redis server
   * out of each other's channels.
   */
  constructor(options: RedisOptions, name: string, channelPrefix = '', publishTimeoutMs = 1_000) {
    this.#prefix = channelPrefix
    this.#name = name
    this.#publisher = new Redis({
      ...options,
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: publishTimeoutMs,
    })
    this.#subscriber = new Redis({
      ...options,
      maxRetriesPerRequest: null,
      enableOfflineQueue: true,
      autoResubscribe: true,
    })
    for (const connection of [this.#publisher, this.#subscriber]) {
      connection.on('error', (error) => busConnectionEvents.emit('failure', name, error))
      connection.on('ready', () => busConnectionEvents.emit('ready', name))
    }
    this.#subscriber.on('message', (channel: string, message: string) => {
      if (channel.startsWith(this.#prefix)) {
        this.#dispatch(channel.slice(this.#prefix.length), message)
      }
    })
  }

  setId(id: string) {
    this.#id = id
    return this
  }

  /**
   * Called by the bus to replay its retry queue: once the publisher can
   * write again.
   */
  onReconnect(callback: () => void) {
    this.#publisher.on('ready', callback)
  }

  /**
   * A publish that Redis does not answer in time (stalled: the connection
   * is open, nothing comes back) fails, and takes the publisher offline
   * until Redis answers its ready check again, so the next ones fail at
   * once into the bus's retry queue (issue 14, finding 6).
   */
  async publish(channel: string, payload: unknown) {
    try {
      await this.#publisher.publish(
        this.#prefix + channel,
        JSON.stringify({ busId: this.#id, payload })
      )
    } catch (error) {
      if ((error as Error).message === 'Command timed out' && this.#publisher.status === 'ready') {
        busConnectionEvents.emit('failure', this.#name, error)
        this.#publisher.disconnect(true)
      }
      throw error
    }
  }

  /**
   * Registers the handler at once; the SUBSCRIBE itself is sent as soon as
   * Redis answers, which may be later.
   */
  async subscribe(channel: string, handler: Handler) {
    const handlers = this.#handlers.get(channel) ?? []
    handlers.push(handler)
    this.#handlers.set(channel, handlers)
    if (handlers.length === 1) {
      this.#subscriber.subscribe(this.#prefix + channel).catch((error) => {
        if (!this.#closing) {
          busConnectionEvents.emit('failure', this.#name, error)
        }
      })
    }
  }

  async unsubscribe(channel: string) {
    this.#handlers.delete(channel)
    await this.#subscriber.unsubscribe(this.#prefix + channel).catch(() => {})
  }

  async disconnect() {
    this.#closing = true
    this.#handlers.clear()
    this.#publisher.disconnect()
    this.#subscriber.disconnect()
  }

  #dispatch(channel: string, message: string) {
    const handlers = this.#handlers.get(channel)
    if (!handlers) {
      return
    }
    let data: { busId?: string; payload?: unknown }
    try {
      data = JSON.parse(message)
    } catch {
      return
    }
    if (!data || data.busId === this.#id) {
      return
    }
    for (const handler of handlers) {
      handler(data.payload)
    }
  }
}

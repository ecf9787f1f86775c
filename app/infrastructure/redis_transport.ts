import { EventEmitter } from 'node:events'
import { Redis, type RedisOptions } from 'ioredis'

type Handler = (payload: any) => void

/**
 * The Redis channel of a channel's batches, and the format they carry.
 */
const BATCH_SUFFIX = '#batch'
const BATCH_FORMAT = 'batch'

interface Pending {
  payloads: unknown[]
  settle: Promise<void>
}

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
 * Messages published in the same turn of the event loop on one channel
 * (an order's broadcasts: its status to the customer, the new order to
 * staff, each product's stock) go out as one PUBLISH, on the channel's
 * batch twin (`<channel>#batch`) as `{ busId, format: 'batch', payloads }`,
 * unpacked in order by the receivers; a lone message keeps the single
 * form on the channel itself. An instance that predates batches does not
 * listen on the twin (it misses batches during a rolling deploy rather than
 * failing on them); a format this code does not know is ignored.
 */
export class ResilientRedisTransport {
  #publisher: Redis
  #subscriber: Redis
  #handlers = new Map<string, Handler[]>()
  #id?: string
  #prefix: string
  #name: string
  #closing = false
  /** Messages of this turn of the event loop, by channel, in order. */
  #pending = new Map<string, Pending>()

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
      if (!channel.startsWith(this.#prefix)) return
      const busChannel = channel.slice(this.#prefix.length)
      if (busChannel.endsWith(BATCH_SUFFIX)) {
        this.#dispatchBatch(busChannel.slice(0, -BATCH_SUFFIX.length), message)
      } else {
        this.#dispatch(busChannel, message)
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
  publish(channel: string, payload: unknown): Promise<void> {
    const pending = this.#pending.get(channel)
    if (pending) {
      pending.payloads.push(payload)
      return pending.settle
    }
    const payloads = [payload]
    const settle = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
      this.#pending.delete(channel)
      return this.#send(channel, payloads)
    })
    this.#pending.set(channel, { payloads, settle })
    return settle
  }

  /**
   * One PUBLISH for the messages of a turn: the single form for one, a
   * batch for more. If it fails, each message's publish fails with it (the
   * bus keeps each in its retry queue).
   */
  async #send(channel: string, payloads: unknown[]) {
    try {
      if (payloads.length === 1) {
        await this.#publisher.publish(
          this.#prefix + channel,
          JSON.stringify({ busId: this.#id, payload: payloads[0] })
        )
      } else {
        await this.#publisher.publish(
          this.#prefix + channel + BATCH_SUFFIX,
          JSON.stringify({ busId: this.#id, format: BATCH_FORMAT, payloads })
        )
      }
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
      const names = [this.#prefix + channel, this.#prefix + channel + BATCH_SUFFIX]
      this.#subscriber.subscribe(...names).catch((error) => {
        if (!this.#closing) {
          busConnectionEvents.emit('failure', this.#name, error)
        }
      })
    }
  }

  async unsubscribe(channel: string) {
    this.#handlers.delete(channel)
    await this.#subscriber
      .unsubscribe(this.#prefix + channel, this.#prefix + channel + BATCH_SUFFIX)
      .catch(() => {})
  }

  /**
   * Sends what this turn published first (a publish that fails here is
   * given up: the bus is closing).
   */
  async disconnect() {
    await Promise.allSettled([...this.#pending.values()].map(({ settle }) => settle))
    this.#closing = true
    this.#handlers.clear()
    this.#publisher.disconnect()
    this.#subscriber.disconnect()
  }

  #dispatch(channel: string, message: string) {
    const received = this.#received<{ payload?: unknown }>(channel, message)
    if (received) {
      for (const handler of received.handlers) {
        handler(received.data.payload)
      }
    }
  }

  #dispatchBatch(channel: string, message: string) {
    const received = this.#received<{ format?: string; payloads?: unknown[] }>(channel, message)
    if (!received) {
      return
    }
    const { data, handlers } = received
    if (data.format !== BATCH_FORMAT || !Array.isArray(data.payloads)) {
      return
    }
    for (const payload of data.payloads) {
      for (const handler of handlers) {
        handler(payload)
      }
    }
  }

  /**
   * A message on `channel` with its handlers, or null: nobody listens, it
   * is not JSON, or this instance sent it.
   */
  #received<T>(channel: string, message: string) {
    const handlers = this.#handlers.get(channel)
    if (!handlers) {
      return null
    }
    let data: (T & { busId?: string }) | null
    try {
      data = JSON.parse(message)
    } catch {
      return null
    }
    if (!data || data.busId === this.#id) {
      return null
    }
    return { data, handlers }
  }
}

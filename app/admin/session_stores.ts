import { MessageBuilder } from '@adonisjs/core/helpers'
import type { SessionData, SessionStoreContract } from '@adonisjs/session/types'

/**
 * The few Redis commands the panel's session store needs (an
 * @adonisjs/redis connection provides them).
 */
export interface SessionRedisClient {
  get(key: string): Promise<string | null>
  setex(key: string, seconds: number, value: string): Promise<unknown>
  del(key: string): Promise<unknown>
  expire(key: string, seconds: number): Promise<unknown>
}

/**
 * Panel sessions in Redis, under the app's key prefix (REDIS_KEY_PREFIX),
 * so every instance shares them and a logout ends the session for all of
 * them. @adonisjs/session's own Redis store writes bare session ids (the
 * "main" connection has no key prefix): this one is the same store with
 * a prefix.
 */
export class PrefixedRedisSessionStore implements SessionStoreContract {
  readonly #redis: SessionRedisClient
  readonly #prefix: string
  readonly #ttlSeconds: number

  constructor(redis: SessionRedisClient, prefix: string, ttlSeconds: number) {
    this.#redis = redis
    this.#prefix = prefix
    this.#ttlSeconds = ttlSeconds
  }

  #key(sessionId: string) {
    return `${this.#prefix}${sessionId}`
  }

  async read(sessionId: string): Promise<SessionData | null> {
    const contents = await this.#redis.get(this.#key(sessionId))
    if (!contents) {
      return null
    }
    try {
      return new MessageBuilder().verify<SessionData>(contents, sessionId)
    } catch {
      return null
    }
  }

  async write(sessionId: string, values: SessionData): Promise<void> {
    const message = new MessageBuilder().build(values, undefined, sessionId)
    await this.#redis.setex(this.#key(sessionId), this.#ttlSeconds, message)
  }

  async destroy(sessionId: string): Promise<void> {
    await this.#redis.del(this.#key(sessionId))
  }

  async touch(sessionId: string): Promise<void> {
    await this.#redis.expire(this.#key(sessionId), this.#ttlSeconds)
  }
}

/**
 * Panel sessions in this process's memory, for the embedded default (one
 * process, no Redis). Entries expire after the session age, and the map
 * is bounded: past `maxSessions`, the least recently used sessions are
 * dropped (their holders sign in again), so anonymous requests cannot
 * grow it without limit. Sessions end when the process restarts.
 */
export class BoundedMemorySessionStore implements SessionStoreContract {
  readonly #sessions = new Map<string, { data: string; expiresAt: number }>()
  readonly #ttlMs: number
  readonly #maxSessions: number

  constructor(ttlSeconds: number, maxSessions = 50_000) {
    this.#ttlMs = ttlSeconds * 1000
    this.#maxSessions = maxSessions
  }

  get size() {
    return this.#sessions.size
  }

  read(sessionId: string): SessionData | null {
    const entry = this.#sessions.get(sessionId)
    if (!entry) {
      return null
    }
    if (entry.expiresAt <= Date.now()) {
      this.#sessions.delete(sessionId)
      return null
    }
    return JSON.parse(entry.data) as SessionData
  }

  write(sessionId: string, values: SessionData): void {
    this.#sessions.delete(sessionId)
    this.#sessions.set(sessionId, {
      data: JSON.stringify(values),
      expiresAt: Date.now() + this.#ttlMs,
    })
    this.#evict()
  }

  destroy(sessionId: string): void {
    this.#sessions.delete(sessionId)
  }

  touch(sessionId: string): void {
    const entry = this.#sessions.get(sessionId)
    if (entry) {
      this.#sessions.delete(sessionId)
      entry.expiresAt = Date.now() + this.#ttlMs
      this.#sessions.set(sessionId, entry)
    }
  }

  /**
   * The map keeps insertion order, and every write or touch moves its
   * session to the end: the first entries are the least recently used.
   */
  #evict() {
    const now = Date.now()
    for (const [id, entry] of this.#sessions) {
      if (this.#sessions.size <= this.#maxSessions && entry.expiresAt > now) {
        break
      }
      this.#sessions.delete(id)
    }
  }
}

/**
 * Ready bodies (issue 21: warm pages): the catalog's hot answers kept in
 * front of the cache, in this process, as the bytes to send, keyed by the
 * request's path and query string. A hit is a map lookup: no validation,
 * no cache options, no deserialization, no tag lookups, no events.
 *
 * Every body is the answer the cache gave for that exact URL, with the
 * cache's own tags, and it goes when the cache stops serving it:
 * - when CatalogCache clears a tag (before the cache hears of it);
 * - when the cache writes a tag's invalidation key here (`cache:written`)
 *   or another instance's does (`bus:message:received`, emitted before
 *   the cache updates its memory layer): see ready_reads.ts;
 * - when the cache is cleared or a key deleted (everything goes);
 * - at the end of its time to live.
 * A body read while an invalidation ran is not kept (`epoch`).
 */

/**
 * How bentocache names a tag's invalidation key (bentocache 1.x,
 * src/cache/tag_system.ts).
 */
const TAG_KEY_PREFIX = '___bc:t:'

interface ReadyBody {
  body: Buffer
  tags: string[]
  expiresAt: number
}

export class ReadyBodies {
  #bodies = new Map<string, ReadyBody>()
  #keysByTag = new Map<string, Set<string>>()
  #bytes = 0
  #epoch = 0

  constructor(
    protected maxBytes: number,
    protected maxBodies: number
  ) {}

  /**
   * Bumped by every invalidation: a body read before a bump may be stale.
   */
  get epoch() {
    return this.#epoch
  }

  get size() {
    return this.#bodies.size
  }

  get(key: string): Buffer | undefined {
    const ready = this.#bodies.get(key)
    if (ready === undefined) {
      return undefined
    }
    if (ready.expiresAt <= Date.now()) {
      this.#remove(key, ready)
      return undefined
    }
    return ready.body
  }

  /**
   * Keeps a body read since `epoch` (dropped when anything was invalidated
   * meanwhile) and returns its bytes.
   */
  keep(
    key: string,
    body: string,
    options: { tags: string[]; ttlSeconds: number; epoch: number }
  ): Buffer {
    const bytes = Buffer.from(body)
    if (options.epoch !== this.#epoch || bytes.length > this.maxBytes / 16) {
      return bytes
    }
    const previous = this.#bodies.get(key)
    if (previous) {
      this.#remove(key, previous)
    }
    while (
      this.#bodies.size > 0 &&
      (this.#bodies.size >= this.maxBodies || this.#bytes + bytes.length > this.maxBytes)
    ) {
      const [oldestKey, oldest] = this.#bodies.entries().next().value as [string, ReadyBody]
      this.#remove(oldestKey, oldest)
    }
    this.#bodies.set(key, {
      body: bytes,
      tags: options.tags,
      expiresAt: Date.now() + options.ttlSeconds * 1000,
    })
    this.#bytes += bytes.length
    for (const tag of options.tags) {
      let keys = this.#keysByTag.get(tag)
      if (!keys) {
        keys = new Set()
        this.#keysByTag.set(tag, keys)
      }
      keys.add(key)
    }
    return bytes
  }

  invalidateTags(tags: Iterable<string>) {
    this.#epoch++
    for (const tag of tags) {
      const keys = this.#keysByTag.get(tag)
      if (!keys) continue
      for (const key of [...keys]) {
        const ready = this.#bodies.get(key)
        if (ready) this.#remove(key, ready)
      }
      this.#keysByTag.delete(tag)
    }
  }

  clear() {
    this.#epoch++
    this.#bodies.clear()
    this.#keysByTag.clear()
    this.#bytes = 0
  }

  /**
   * What a write to the cache's keys means here: a tag's invalidation key
   * drops that tag's bodies; any other key deleted drops every body (the
   * catalog deletes no key by name, so this is rare).
   */
  keyChanged(key: string, kind: 'set' | 'delete') {
    if (key.startsWith(TAG_KEY_PREFIX)) {
      this.invalidateTags([key.slice(TAG_KEY_PREFIX.length)])
    } else if (kind === 'delete') {
      this.clear()
    }
  }

  #remove(key: string, ready: ReadyBody) {
    this.#bodies.delete(key)
    this.#bytes -= ready.body.length
    for (const tag of ready.tags) {
      const keys = this.#keysByTag.get(tag)
      if (!keys) continue
      keys.delete(key)
      if (keys.size === 0) this.#keysByTag.delete(tag)
    }
  }
}

/**
 * One per process: 64 MB or 20,000 bodies at most, oldest out first.
 */
export const readyBodies = new ReadyBodies(64 * 1024 * 1024, 20_000)

interface BusMessage {
  type?: string
  keys?: unknown
}

/**
 * A bus message from another instance (bentocache's
 * `bus:message:received`): a tag's invalidation key written there drops
 * that tag's bodies here; a clear or a deleted key drops every body.
 */
export function busMessageSeen(message: unknown) {
  const { type, keys } = (message ?? {}) as BusMessage
  if (type === 'clear' || !Array.isArray(keys)) {
    readyBodies.clear()
    return
  }
  for (const key of keys) {
    readyBodies.keyChanged(String(key), type === 'delete' ? 'delete' : 'set')
  }
}

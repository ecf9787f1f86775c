import redis from '@adonisjs/redis/services/main'
import { redisEnabled } from '#start/runtime'

interface Counters {
  hits: number
  hits_l1: number
  hits_l2: number
  misses: number
  writes: number
  deletes: number
}

/**
 * Counters of this process's cache traffic, fed by the cache events
 * (start/events.ts). Each instance counts its own.
 */
class CacheStatsRecorder {
  #counters: Counters = { hits: 0, hits_l1: 0, hits_l2: 0, misses: 0, writes: 0, deletes: 0 }
  #since = new Date()

  hit(layer?: 'l1' | 'l2') {
    this.#counters.hits++
    if (layer === 'l2') {
      this.#counters.hits_l2++
    } else {
      this.#counters.hits_l1++
    }
  }

  miss() {
    this.#counters.misses++
  }

  write() {
    this.#counters.writes++
  }

  delete() {
    this.#counters.deletes++
  }

  reset() {
    this.#counters = { hits: 0, hits_l1: 0, hits_l2: 0, misses: 0, writes: 0, deletes: 0 }
    this.#since = new Date()
  }

  async snapshot() {
    const { hits, hits_l1: hitsL1, hits_l2: hitsL2, misses, writes, deletes } = this.#counters
    const lookups = hits + misses
    let reachable: boolean | null = null
    let latencyMs: number | null = null
    if (redisEnabled) {
      const started = performance.now()
      reachable = await Promise.race([
        redis.ping().then((answer) => answer === 'PONG'),
        new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 1_000)),
      ]).catch(() => false)
      latencyMs = reachable ? Math.round((performance.now() - started) * 100) / 100 : null
    }
    return {
      since: this.#since.toISOString(),
      hits,
      misses,
      hit_ratio: lookups ? Math.round((hits / lookups) * 10_000) / 10_000 : null,
      writes,
      deletes,
      tiers: {
        l1: { driver: 'memory', hits: hitsL1 },
        l2: redisEnabled ? { driver: 'redis', hits: hitsL2 } : null,
      },
      redis: { configured: redisEnabled, reachable, latency_ms: latencyMs },
    }
  }
}

export const cacheStats = new CacheStatsRecorder()

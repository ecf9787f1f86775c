import { boolean, dateTime, integer, nullable, object } from '#serializers/json_schema'

/**
 * The OpenAPI schema of `cacheStats.snapshot()` (#services/cache_stats builds the
 * counters' answer itself: it is the recorder's own state).
 */
export const cacheStatsSchemas = {
  CacheStats: object({
    since: dateTime,
    hits: integer,
    misses: integer,
    hit_ratio: nullable({ type: 'number' }),
    writes: integer,
    deletes: integer,
    tiers: object({
      l1: object({ driver: { const: 'memory' }, hits: integer }),
      l2: nullable(object({ driver: { const: 'redis' }, hits: integer })),
    }),
    redis: object({
      configured: boolean,
      reachable: nullable(boolean),
      latency_ms: nullable({ type: 'number' }),
    }),
  }),
}

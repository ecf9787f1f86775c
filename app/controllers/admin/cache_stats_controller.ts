import type { HttpContext } from '@adonisjs/core/http'
import { cacheStats } from '#services/cache_stats'

/**
 * GET /api/v1/admin/cache/stats (staff): this instance's cache hits,
 * misses and hit ratio per tier, and whether Redis answers.
 */
export default class CacheStatsController {
  async show({ response }: HttpContext) {
    return response.ok({ data: await cacheStats.snapshot() })
  }
}

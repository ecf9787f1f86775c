import type { HttpContext } from '@adonisjs/core/http'
import redis from '@adonisjs/redis/services/main'
import { redisEnabled } from '#start/runtime'

/**
 * GET /api/v1/admin/cache/stats (staff)
 */
export default class CacheStatsController {
  async show({ response }: HttpContext) {
    let reachable: boolean | null = null
    if (redisEnabled) {
      reachable = await redis
        .ping()
        .then((answer) => answer === 'PONG')
        .catch(() => false)
    }
    return response.ok({
      data: {
        layers: redisEnabled ? ['memory', 'redis'] : ['memory'],
        redis: { configured: redisEnabled, reachable },
      },
    })
  }
}

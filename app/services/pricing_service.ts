import cache from '@adonisjs/cache/services/main'
import logger from '@adonisjs/core/services/logger'

/**
 * The cache tag of the pricing rules (zones, methods, tax rates,
 * promotions).
 */
export const PRICING_TAG = 'pricing'

/**
 * Drops the cached pricing rules on every instance (the cache's bus
 * carries the tag). Called by the `pricing:changed` and
 * `settings:changed` listeners once a change committed.
 */
export async function clearPricingCache() {
  try {
    await cache.deleteByTag({ tags: [PRICING_TAG] })
  } catch (error) {
    logger.warn({ err: error }, 'pricing cache invalidation could not reach every layer')
  }
}

import { clearPricingCache } from '#services/pricing_service'

/**
 * A committed change to the pricing rules (zones, methods, tax rates,
 * promotions) clears their cached copies, on
 * every instance (the cache's bus carries the tag).
 */
export default class ClearPricingCache {
  async handle() {
    await clearPricingCache()
  }
}

import { clearShopSettingsCache } from '#services/shop_settings_service'
import type { SettingsChanged } from '#events/types'

/**
 * A committed change to the shop's settings clears their cached copies,
 * on every instance (the cache's bus carries the tag).
 */
export default class ClearSettingsCache {
  async handle(_event: SettingsChanged) {
    await clearShopSettingsCache()
  }
}

/*
|--------------------------------------------------------------------------
| Events and their listeners
|--------------------------------------------------------------------------
|
| The domain's events, raised with `emitAfterCommit` (app/events/after_commit.ts):
| delivered once the transaction they were raised in commits, never for a
| rolled-back change, at once outside a transaction. Payloads are plain
| data (app/events/types.ts). Listeners are classes in app/listeners,
| imported on first use; they run in the order registered here (caches
| are cleared before anything is announced), and a failing one is logged.
|
*/
import emitter from '@adonisjs/core/services/emitter'
import logger from '@adonisjs/core/services/logger'
import { cacheStats } from '#services/cache_stats'
import type {
  AccessChanged,
  CategoryChanged,
  OrderEventData,
  PricingChanged,
  ProductChanged,
  SettingsChanged,
  StockChanged,
} from '#events/types'

declare module '@adonisjs/core/types' {
  interface EventsList {
    /**
     * A new order: its `pending` order event.
     */
    'order:placed': OrderEventData
    /**
     * An order moved (shipped, delivered, cancelled): its order event.
     */
    'order:status_changed': OrderEventData
    /**
     * An order's payment state moved (issue 20).
     */
    'order:payment_changed': OrderEventData
    /**
     * An order line took its product to or below the low-stock threshold:
     * the `low_stock` order event.
     */
    'stock:low': OrderEventData
    /**
     * Stock moved (a sale, a cancellation, a staff adjustment): the last
     * level of each product, one event per transaction.
     */
    'stock:changed': StockChanged
    /**
     * A product (or one of its images) was created, changed or deleted.
     */
    'catalog:product_changed': ProductChanged
    /**
     * A category was created, renamed, moved or deleted.
     */
    'catalog:category_changed': CategoryChanged
    /**
     * Live subscriptions lose their right: a demoted staff member (on the
     * channels they lost), or ended sessions (logout, password change).
     */
    'user:access_changed': AccessChanged
    /**
     * The shop's settings changed (admins, in the panel).
     */
    'settings:changed': SettingsChanged
    /**
     * Shipping zones or methods, tax rates or promotions changed (staff).
     */
    'pricing:changed': PricingChanged
  }
}

const ClearCatalogCache = () => import('#listeners/clear_catalog_cache')
const BroadcastOrderEvent = () => import('#listeners/broadcast_order_event')
const BroadcastStockLevels = () => import('#listeners/broadcast_stock_levels')
const EndLiveAccess = () => import('#listeners/end_live_access')
const ClearSettingsCache = () => import('#listeners/clear_settings_cache')
const ClearPricingCache = () => import('#listeners/clear_pricing_cache')

emitter.on('catalog:product_changed', [ClearCatalogCache, 'productChanged'])
emitter.on('catalog:category_changed', [ClearCatalogCache, 'categoryChanged'])
emitter.on('stock:changed', [ClearCatalogCache, 'stockChanged'])
emitter.on('stock:changed', [BroadcastStockLevels, 'handle'])
emitter.on('order:placed', [BroadcastOrderEvent, 'handle'])
emitter.on('order:status_changed', [BroadcastOrderEvent, 'handle'])
emitter.on('order:payment_changed', [BroadcastOrderEvent, 'handle'])
emitter.on('stock:low', [BroadcastOrderEvent, 'handle'])
emitter.on('user:access_changed', [EndLiveAccess, 'handle'])
emitter.on('settings:changed', [ClearSettingsCache, 'handle'])
emitter.on('pricing:changed', [ClearPricingCache, 'handle'])

/**
 * A listener's failure is logged; it never fails the change that raised
 * the event (that change is committed already).
 */
emitter.onError((event, error) => {
  logger.error({ err: error, event: String(event) }, 'an event listener failed')
})

type CacheHit = { layer?: 'l1' | 'l2' }

/**
 * The cache (bentocache) reports on the app's emitter.
 */
const cacheEvents = emitter as unknown as {
  on(event: string, listener: (data: CacheHit) => void): void
}
cacheEvents.on('cache:hit', (data) => cacheStats.hit(data.layer))
cacheEvents.on('cache:miss', () => cacheStats.miss())
cacheEvents.on('cache:written', () => cacheStats.write())
cacheEvents.on('cache:deleted', () => cacheStats.delete())

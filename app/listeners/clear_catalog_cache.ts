import { CatalogCache } from '#services/catalog_cache'
import type { CategoryChanged, ProductChanged, StockChanged } from '#events/types'

/**
 * Committed catalog changes clear the cached bodies that show them, by
 * tag, on every instance (the cache's bus carries it).
 */
export default class ClearCatalogCache {
  async productChanged({ productId }: ProductChanged) {
    await CatalogCache.productChanged(productId)
  }

  async stockChanged({ changes }: StockChanged) {
    await CatalogCache.stockChanged(changes)
  }

  async categoryChanged(_event: CategoryChanged) {
    await CatalogCache.categoriesChanged()
  }
}

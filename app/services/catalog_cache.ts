import cache from '@adonisjs/cache/services/main'
import logger from '@adonisjs/core/services/logger'

/**
 * Cache tags of the catalog. Every cached body is tagged with what it
 * contains, so a change clears exactly the bodies that show it:
 * - every product list: `products:lists`;
 * - a product's detail: `product:<id>` and `products:details`;
 * - the category tree and pages: `categories`.
 */
export const CatalogTags = {
  lists: 'products:lists',
  details: 'products:details',
  categories: 'categories',
  product: (id: number) => `product:${id}`,
}

async function deleteTags(tags: string[]) {
  try {
    await cache.deleteByTag({ tags })
  } catch (error) {
    /**
     * Redis away: the local L1 was cleared already; the L2 is cleared
     * again when Redis returns (see start/redis.ts).
     */
    logger.warn({ err: error, tags }, 'cache invalidation could not reach every layer')
  }
}

/**
 * Clearing the catalog's cached bodies. Called by the catalog cache
 * listener (app/listeners/clear_catalog_cache.ts) once a change committed.
 */
export const CatalogCache = {
  /**
   * A product was created, changed (including its stock) or deleted.
   */
  async productChanged(productId: number) {
    await deleteTags([CatalogTags.lists, CatalogTags.product(productId)])
  },

  /**
   * Several products at once (a checkout, a restock).
   */
  async productsChanged(productIds: number[]) {
    await deleteTags([CatalogTags.lists, ...productIds.map((id) => CatalogTags.product(id))])
  },

  /**
   * A category was created, renamed, moved or deleted: the tree, the lists
   * (filters by category) and the details (they embed the category).
   */
  async categoriesChanged() {
    await deleteTags([CatalogTags.categories, CatalogTags.lists, CatalogTags.details])
  },

  async clearAll() {
    await deleteTags([CatalogTags.categories, CatalogTags.lists, CatalogTags.details])
  },
}

import cache from '@adonisjs/cache/services/main'
import logger from '@adonisjs/core/services/logger'
import type { StockLevel } from '#events/types'
import { readyBodies } from '#services/catalog_cache/ready_bodies'

/**
 * Whether units went from none to some or back (unknown counts as yes).
 */
function crossedZero(before: number | null | undefined, after: number) {
  return before === null || before === undefined || before > 0 !== after > 0
}

/**
 * Cache tags of the catalog. Every cached body is tagged with what it
 * contains, so a change clears exactly the bodies that show it:
 * - every product list: `products:lists` (and `products:lists:stock-sorted`
 *   or `products:lists:in-stock` when sorted by stock or filtered by it);
 * - a product's detail: `product:<id>` and `products:details`;
 * - the category tree and pages: `categories`.
 */
export const CatalogTags = {
  lists: 'products:lists',
  /**
   * Lists sorted by stock: any stock move may reorder them.
   */
  stockSortedLists: 'products:lists:stock-sorted',
  /**
   * Lists filtered by `in_stock`: a variant going in or out of stock may
   * change who is in them (with a price filter, one variant decides).
   */
  inStockLists: 'products:lists:in-stock',
  details: 'products:details',
  categories: 'categories',
  product: (id: number) => `product:${id}`,
}

async function deleteTags(tags: string[]) {
  /**
   * This process's ready bodies first (synchronously): no request served
   * after this line sees what the tags held.
   */
  readyBodies.invalidateTags(tags)
  try {
    /**
     * One call per tag, together: bentocache writes a tag's marker and
     * announces it on the bus one tag after the other within a call, so
     * three tags would be six round trips in a row. Issued in the same
     * tick, the markers leave in one Redis pipeline (auto-pipelining,
     * config/redis.ts) and their bus messages in one publish.
     */
    await Promise.all([...new Set(tags)].map((tag) => cache.deleteByTag({ tags: [tag] })))
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
   * Stock moved (issue 21, item 5: caches that survive a sale). A list
   * shows a product's availability (`in_stock`) and its units as they
   * were when the page was cached; what a move changes is cleared, not
   * every list that holds the product:
   * - the products' details (exact units, every variant) always;
   * - lists sorted by stock always (the order moved);
   * - lists filtered by `in_stock` when a variant went in or out of
   *   stock (who is in them may have changed);
   * - every list when a product went in or out of stock (its `in_stock`
   *   is shown wherever it is listed), or when the levels before are not
   *   known.
   */
  async stockChanged(changes: StockLevel[]) {
    const tags = new Set<string>([CatalogTags.stockSortedLists])
    for (const change of changes) {
      tags.add(CatalogTags.product(change.productId))
      if (crossedZero(change.before, change.stock)) {
        tags.add(CatalogTags.lists)
      }
      if (change.variants.some((variant) => crossedZero(variant.before, variant.stock))) {
        tags.add(CatalogTags.inStockLists)
      }
    }
    await deleteTags([...tags])
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

import env from '#start/env'

/**
 * The shop's currency (prices are integer minor units of it) and how long
 * catalog reads stay cached. Changes are invalidated by the model hooks
 * long before these lifetimes run out: the TTLs only bound memory.
 */
const catalogConfig = {
  currency: env.get('SHOP_CURRENCY') ?? 'USD',
  ttl: {
    products: env.get('CACHE_TTL_PRODUCTS') ?? 30 * 60,
    categories: env.get('CACHE_TTL_CATEGORIES') ?? 60 * 60,
    search: env.get('CACHE_TTL_SEARCH') ?? 5 * 60,
  },
  perPage: { default: 10, max: 100 },
  /**
   * CATALOG_CACHE=false reads every answer from the database (the
   * benchmark's "cold" figures; never in production).
   */
  cacheEnabled: env.get('CATALOG_CACHE') ?? true,
}

export type CatalogConfig = typeof catalogConfig

export default catalogConfig

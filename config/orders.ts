import env from '#start/env'
import { dbConnection, pgPoolMax } from '#start/runtime'

/**
 * A postal address as printed on invoices, the shop's and the customer's
 * alike.
 */
export interface PostalAddress {
  lines: string[]
  postalCode: string
  city: string
  country: string
}

/**
 * SHOP_ADDRESS: street lines, postal code, city, country. An older value
 * with fewer than four parts is kept as street lines only.
 */
function parseShopAddress(value: string): PostalAddress {
  const parts = value.split('|').map((part) => part.trim())
  if (parts.length < 4) {
    return { lines: parts.filter(Boolean), postalCode: '', city: '', country: '' }
  }
  const [postalCode, city, country] = parts.slice(-3)
  return { lines: parts.slice(0, -3).filter(Boolean), postalCode, city, country }
}

/**
 * The shop as printed on invoices, and the rules of carts and checkout.
 */
const ordersConfig = {
  shop: {
    name: env.get('SHOP_NAME') ?? 'Demo Shop',
    /**
     * Street lines, then postal code, city and country, separated by "|"
     * (e.g. "1 Market St|Suite 300|94105|San Francisco|US"); printed on
     * invoices in the same format as the customer's address.
     */
    address: parseShopAddress(env.get('SHOP_ADDRESS') ?? '1 Demo Street|12345|Springfield|US'),
    email: env.get('SHOP_EMAIL') ?? 'orders@shop.test',
  },
  /**
   * Most units of one product in a cart line or an order line.
   */
  maxQuantityPerLine: env.get('CART_MAX_QUANTITY') ?? 99,
  /**
   * Most distinct products in one cart or order.
   */
  maxLines: 100,
  /**
   * Checkouts placed at the same time by one process; the others wait
   * their turn, in order, for up to `queueTimeoutMs`, then get a 503
   * `E_OVERLOADED` with Retry-After (app/services/bulkhead.ts). The default
   * leaves 4 of PostgreSQL's pooled connections (DB_POOL_MAX, 20) to
   * everything else; SQLite has one connection, so one.
   */
  checkout: {
    concurrency:
      env.get('CHECKOUT_CONCURRENCY') ?? (dbConnection === 'pg' ? Math.max(1, pgPoolMax - 4) : 1),
    queueTimeoutMs: env.get('CHECKOUT_QUEUE_TIMEOUT_MS') ?? 30_000,
  },
  idempotency: {
    /**
     * A key whose request has not finished after this long is taken to be
     * abandoned (the process died): a retry may run it again.
     */
    inFlightTimeoutSeconds: 60,
    /**
     * How long a finished key is remembered.
     */
    retentionHours: 24,
  },
}

export type OrdersConfig = typeof ordersConfig

export default ordersConfig

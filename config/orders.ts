import env from '#start/env'

/**
 * The shop as printed on invoices, and the rules of carts and checkout.
 */
const ordersConfig = {
  shop: {
    name: env.get('SHOP_NAME') ?? 'Demo Shop',
    /**
     * Lines separated by "|" (e.g. "1 Market St|San Francisco, CA 94105|US").
     */
    address: (env.get('SHOP_ADDRESS') ?? '1 Demo Street|Springfield 12345|US').split('|'),
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

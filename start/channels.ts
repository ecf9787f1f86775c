/*
|--------------------------------------------------------------------------
| Real-time channels
|--------------------------------------------------------------------------
|
| Every Transmit channel the app broadcasts on. A subscription to anything
| else is refused (404), and private channels need an access token.
|
*/

export interface ChannelRule {
  pattern: string
  matcher: RegExp
  private: boolean
}

export const CHANNELS: ChannelRule[] = [
  /**
   * One user's orders: status changes `{ id, order_number, from, to, at }`.
   * Only that user.
   */
  { pattern: 'users/:id/orders', matcher: /^users\/\d{1,10}\/orders$/, private: true },
  /**
   * Staff: every new order, every status change and low-stock alerts.
   */
  { pattern: 'staff/orders', matcher: /^staff\/orders$/, private: true },
  /**
   * Public: a product's stock after any change `{ product_id, stock, at }`.
   */
  { pattern: 'products/:id/stock', matcher: /^products\/\d{1,10}\/stock$/, private: false },
]

export function channelRule(channel: string): ChannelRule | undefined {
  return CHANNELS.find((rule) => rule.matcher.test(channel))
}

export const channels = {
  userOrders: (userId: number) => `users/${userId}/orders`,
  staffOrders: 'staff/orders',
  productStock: (productId: number) => `products/${productId}/stock`,
}

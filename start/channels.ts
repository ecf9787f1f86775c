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
  /**
   * Who may subscribe and what is sent (the OpenAPI document shows it).
   */
  description: string
}

export const CHANNELS: ChannelRule[] = [
  {
    pattern: 'users/:id/orders',
    matcher: /^users\/\d{1,10}\/orders$/,
    private: true,
    description:
      'The user with this id only. Every status change of their orders (a new order too), as an ' +
      'OrderEvent: `{ id, order_number, type: "status", from, to, actor_role, at }`.',
  },
  {
    pattern: 'staff/orders',
    matcher: /^staff\/orders$/,
    private: true,
    description:
      'Staff and admins. Every new order and status change, and `low_stock` alerts ' +
      '`{ ..., type: "low_stock", product_id, stock }`, as OrderEvents.',
  },
  {
    pattern: 'products/:id/stock',
    matcher: /^products\/\d{1,10}\/stock$/,
    private: false,
    description: 'Anyone. The stock after every change: `{ product_id, stock, at }`.',
  },
]

export function channelRule(channel: string): ChannelRule | undefined {
  return CHANNELS.find((rule) => rule.matcher.test(channel))
}

export const channels = {
  userOrders: (userId: number) => `users/${userId}/orders`,
  staffOrders: 'staff/orders',
  productStock: (productId: number) => `products/${productId}/stock`,
}

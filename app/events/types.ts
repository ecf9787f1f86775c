/**
 * The payloads of the domain events (declared on `EventsList` in
 * start/events.ts). Plain data only: ids, numbers, strings, so a listener
 * never touches a model of a transaction that is over.
 */
import type { OrderStatus } from '#models/order'
import type { PaymentStatus } from '#domain/payment_status'

/**
 * A committed `order_events` row, with its order's number: what the
 * `users/:id/orders` and `staff/orders` channels and `GET /me/events` show.
 */
export interface OrderEventData {
  id: number
  orderId: number
  orderNumber: string
  /**
   * The order's owner (whose channel hears about it), not the actor.
   */
  userId: number
  /**
   * `payment` rows (issue 20) carry payment states in from/to, with the
   * amount that moved and a note.
   */
  type: 'status' | 'low_stock' | 'payment'
  fromStatus: OrderStatus | PaymentStatus | null
  toStatus: OrderStatus | PaymentStatus | null
  actorId: number | null
  actorRole: 'customer' | 'staff' | 'admin' | 'system'
  productId: number | null
  stock: number | null
  amount: number | null
  note: string | null
  /**
   * ISO 8601, UTC.
   */
  createdAt: string | null
}

export interface VariantStockLevel {
  variantId: number
  sku: string
  stock: number
  /**
   * The variant's units before the transaction (null: unknown), to tell
   * whether it went in or out of stock (issue 21, item 5).
   */
  before?: number | null
}

/**
 * A product's committed stock (its active variants together) and the
 * variants that moved.
 */
export interface StockLevel {
  productId: number
  stock: number
  variants: VariantStockLevel[]
  /**
   * The product's units before the transaction (null: unknown).
   */
  before?: number | null
}

/**
 * The stock levels a transaction left, the last level of each product
 * and of each variant (one event per transaction).
 */
export interface StockChanged {
  changes: StockLevel[]
}

export interface ProductChanged {
  productId: number
}

export interface CategoryChanged {
  categoryId: number
}

/**
 * Live subscriptions that end with the right to them: a user's (on the
 * channels they lost, or all of them), or those opened by sessions.
 */
export type AccessChanged =
  { userId: number; channels?: string[] } | { sessionIds: string[]; channels?: undefined }

/**
 * The shop's settings (one row) changed.
 */
export interface SettingsChanged {
  id: number
}

/**
 * What staff changed in the pricing rules (issue 19).
 */
export interface PricingChanged {
  resource: 'shipping_zones' | 'shipping_methods' | 'tax_rates' | 'promotions' | 'shop_settings'
  id: number
}

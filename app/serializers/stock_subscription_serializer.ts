import type { DateTime } from 'luxon'
import { dateTime, integer, object } from '#serializers/json_schema'
import { isoTimestamp } from '#serializers/timestamp'

/**
 * An open back-in-stock request (BackInStockService).
 */
export interface StockSubscriptionView {
  productId: number
  createdAt: DateTime
}

/**
 * An open back-in-stock request as the API answers it.
 */
export function serializeStockSubscription(subscription: StockSubscriptionView) {
  return {
    product_id: subscription.productId,
    created_at: isoTimestamp(subscription.createdAt),
  }
}

export const stockSubscriptionSchemas = {
  StockSubscription: object({
    product_id: integer,
    created_at: { ...dateTime, description: 'When the request was made.' },
  }),
}

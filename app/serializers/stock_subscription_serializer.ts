import type { DateTime } from 'luxon'
import { dateTime, integer, nullable, object, string } from '#serializers/json_schema'
import { isoTimestamp } from '#serializers/timestamp'

/**
 * An open back-in-stock request (BackInStockService): for one variant, or
 * for the product as a whole (`variantId` and `sku` null).
 */
export interface StockSubscriptionView {
  productId: number
  variantId: number | null
  sku: string | null
  createdAt: DateTime
}

/**
 * An open back-in-stock request as the API answers it.
 */
export function serializeStockSubscription(subscription: StockSubscriptionView) {
  return {
    product_id: subscription.productId,
    variant_id: subscription.variantId,
    sku: subscription.sku,
    created_at: isoTimestamp(subscription.createdAt),
  }
}

export const stockSubscriptionSchemas = {
  StockSubscription: object({
    product_id: integer,
    variant_id: {
      ...nullable(integer),
      description:
        'The variant the request is for; null: the product as a whole (any of its variants).',
    },
    sku: {
      ...nullable(string),
      description: "The variant's SKU; null for a product-level request.",
    },
    created_at: { ...dateTime, description: 'When the request was made.' },
  }),
}

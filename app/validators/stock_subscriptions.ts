import vine from '@vinejs/vine'
import { compileQuery, integer, queryInteger, sku } from '#validators/rules'

const MAX_ID = 2_147_483_647

/**
 * POST /api/v1/products/{product}/stock-subscriptions: optionally the
 * variant the request is for, by `variant_id` or `sku` (one of them);
 * without either (or without a body), the product as a whole.
 */
export const stockSubscriptionValidator = vine.compile(
  vine.object({
    variant_id: integer().range([1, MAX_ID]).optional(),
    sku: sku().optional(),
  })
)

/**
 * DELETE /api/v1/products/{product}/stock-subscriptions: the same, as
 * query parameters (`?variant_id=12` or `?sku=TEE-M-RED`).
 */
export const stockSubscriptionQueryValidator = compileQuery(
  vine.object({
    variant_id: queryInteger().range([1, MAX_ID]).optional(),
    sku: sku().optional(),
  })
)

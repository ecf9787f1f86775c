import vine from '@vinejs/vine'
import { compileQuery, paginationFields, text } from '#validators/rules'
import { amount } from '#validators/prices'

/**
 * POST /api/v1/admin/orders/:number/payments: money staff received for a
 * manual method (a transfer, cash), with its reference.
 */
export const recordPaymentValidator = vine.compile(
  vine.object({
    amount: amount(),
    reference: text().trim().minLength(1).maxLength(200),
  })
)

/**
 * POST /api/v1/admin/orders/:number/refunds: without `amount`, everything
 * still refundable. `reference` (how the money went back) is required for
 * a manual method.
 */
export const refundValidator = vine.compile(
  vine.object({
    amount: amount().optional(),
    reason: text().trim().maxLength(500).nullable().optional(),
    reference: text().trim().minLength(1).maxLength(200).nullable().optional(),
  })
)

/**
 * POST /api/v1/admin/orders/:number/refunds/:id/complete
 */
export const completeRefundValidator = vine.compile(
  vine.object({
    reference: text().trim().minLength(1).maxLength(200),
  })
)

/**
 * GET /api/v1/admin/payment-events
 */
export const paymentEventsQueryValidator = compileQuery(
  vine.object({
    ...paginationFields,
    needs_attention: vine.enum(['true', 'false'] as const).optional(),
  })
)

import vine from '@vinejs/vine'
import type { Infer } from '@vinejs/vine/types'
import { PAYMENT_PROVIDERS } from '#domain/payment_status'
import { integer, jsonBoolean, matches, multilineText, text } from '#validators/rules'

/**
 * The payment methods staff configure (issue 20), for the staff API and
 * the panel. What depends on the other fields or on the stored method
 * (pay on delivery only for manual, manual capture only for stripe, no
 * expiry for pay on delivery, Stripe configured for an active stripe
 * method, a code taken) is checked by PaymentMethodAdminService against
 * the merged state.
 */

/**
 * What checkout's `payment_method` names: lower case letters, digits,
 * `_` and `-`, starting with a letter or digit, at most 40.
 */
export const PAYMENT_METHOD_CODE_PATTERN = /^[a-z0-9][a-z0-9_-]{0,39}$/

/**
 * The longest expiry: a year, in minutes.
 */
export const MAX_EXPIRY_MINUTES = 525_600

export const CAPTURE_MODES = ['automatic', 'manual'] as const

const code = () =>
  text()
    .trim()
    .use(
      matches({
        pattern: PAYMENT_METHOD_CODE_PATTERN,
        accepts: '1 to 40 lower case letters, digits, _ and -, starting with a letter or a digit',
        example: 'bank-transfer',
      })
    )

const fields = {
  code: code(),
  name: text().trim().minLength(1).maxLength(120),
  provider: vine.enum(PAYMENT_PROVIDERS),
  pay_on_delivery: jsonBoolean().optional(),
  capture: vine.enum(CAPTURE_MODES).optional(),
  /**
   * An unpaid order is cancelled this many minutes after checkout; null:
   * never.
   */
  expires_after_minutes: integer().range([1, MAX_EXPIRY_MINUTES]).nullable().optional(),
  /**
   * Shown to the customer (bank details); empty: none.
   */
  instructions: multilineText().trim().maxLength(2000).nullable().optional(),
  is_active: jsonBoolean().optional(),
  position: integer().range([0, 1_000_000]).optional(),
}

/**
 * POST /api/v1/admin/payment-methods
 */
export const createPaymentMethodValidator = vine.compile(vine.object(fields))

/**
 * PATCH /api/v1/admin/payment-methods/:id: what is sent changes.
 */
export const updatePaymentMethodValidator = vine.compile(
  vine.object({
    code: fields.code.optional(),
    name: fields.name.optional(),
    provider: fields.provider.optional(),
    pay_on_delivery: fields.pay_on_delivery,
    capture: fields.capture,
    expires_after_minutes: fields.expires_after_minutes,
    instructions: fields.instructions,
    is_active: fields.is_active,
    position: fields.position,
  })
)

export type CreatePaymentMethodInput = Infer<typeof createPaymentMethodValidator>
export type UpdatePaymentMethodInput = Infer<typeof updatePaymentMethodValidator>

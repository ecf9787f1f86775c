import vine from '@vinejs/vine'
import type { FieldContext } from '@vinejs/vine/types'
import { DateTime } from 'luxon'
import ordersConfig from '#config/orders'
import { ORDER_STATUSES } from '#domain/order_transitions'
import { PAYMENT_STATUSES } from '#domain/payment_status'
import { ORDER_NUMBER_PATTERN } from '#domain/order_number'
import {
  compileQuery,
  countryCode,
  fullName,
  integer,
  matches,
  paginationFields,
  phone,
  queryInteger,
  sku,
  text,
} from '#validators/rules'
import { report } from '#validators/messages'
import { amount } from '#validators/prices'

const isoInstant = vine.createRule(
  (value: unknown, _options: undefined, field: FieldContext) => {
    if (typeof value !== 'string' || !DateTime.fromISO(value, { zone: 'utc' }).isValid) {
      report(field, 'isoDate')
    }
  },
  {
    toJSONSchema: (schema) =>
      void Object.assign(schema, {
        description: 'An ISO 8601 date or date-time',
        examples: ['2026-11-22', '2026-11-22T10:00:00Z'],
      }),
  }
)

/**
 * An ISO 8601 date-time, or a date ("2026-11-22", UTC): as a lower bound
 * its first instant, as an upper bound its last.
 */
const instant = (bound: 'start' | 'end') =>
  text()
    .trim()
    .maxLength(40)
    .use(isoInstant())
    .transform((value) => {
      const parsed = DateTime.fromISO(value, { zone: 'utc' })
      const dateOnly = /^\d{4}-\d{2}-\d{2}$/.test(value)
      return dateOnly && bound === 'end' ? parsed.endOf('day') : parsed
    })

const line = (max: number) => text().trim().minLength(1).maxLength(max)

/**
 * POST /api/v1/orders. Without `items` the cart is checked out (and
 * emptied); with them, exactly those lines are (the cart is left alone).
 * Without `shipping_address`, the profile's address is used.
 */
export const lineItems = () =>
  vine
    .array(
      vine.object({
        variant_id: integer().range([1, 2_147_483_647]).optional(),
        sku: sku().optional(),
        product_id: integer().range([1, 2_147_483_647]).optional(),
        quantity: integer().range([1, ordersConfig.maxQuantityPerLine]),
      })
    )
    .minLength(1)
    .maxLength(ordersConfig.maxLines)

export const shippingAddress = () =>
  vine.object({
    full_name: fullName(),
    phone: phone().nullable().optional(),
    line1: line(200),
    line2: text().trim().maxLength(200).nullable().optional(),
    city: line(120),
    postal_code: line(20),
    country: countryCode(),
  })

/**
 * What prices an order besides its lines (issue 19): the shipping method
 * (one of those the quote lists for the address) and a coupon code.
 */
export const pricingFields = {
  shipping_method_id: integer().range([1, 2_147_483_647]).nullable().optional(),
  coupon_code: text().trim().minLength(1).maxLength(40).nullable().optional(),
}

export const checkoutValidator = vine.compile(
  vine.object({
    items: lineItems().optional(),
    shipping_address: shippingAddress().optional(),
    ...pricingFields,
    /**
     * The total the client showed (its quote's `total`): when the order
     * would cost anything else now, checkout answers 409 with the new
     * quote instead of charging it.
     */
    expected_total: amount().optional(),
    /**
     * The payment method's code (GET /api/v1/payment-methods): required
     * once the shop has an active method (issue 20).
     */
    payment_method: text().trim().toLowerCase().minLength(1).maxLength(40).optional(),
  })
)

export type CheckoutInput = Awaited<ReturnType<typeof checkoutValidator.validate>>

export const orderNumberParamValidator = vine.compile(
  vine.object({
    number: text()
      .trim()
      .toUpperCase()
      .use(
        matches({
          pattern: ORDER_NUMBER_PATTERN,
          accepts: 'an order number',
          example: 'SO-261122-7K3M9QXA',
        })
      ),
  })
)

/**
 * GET /api/v1/orders and /api/v1/me/orders
 */
export const orderListValidator = compileQuery(vine.object(paginationFields))

/**
 * GET /api/v1/admin/orders
 */
export const adminOrderListValidator = compileQuery(
  vine.object({
    ...paginationFields,
    status: vine.enum(ORDER_STATUSES).optional(),
    payment_status: vine.enum(PAYMENT_STATUSES).optional(),
    user_id: queryInteger().range([1, 2_147_483_647]).optional(),
    from: instant('start').optional(),
    to: instant('end').optional(),
  })
)

/**
 * PATCH /api/v1/admin/orders/:number/status
 */
export const orderStatusValidator = vine.compile(
  vine.object({
    status: vine.enum(ORDER_STATUSES),
  })
)

/**
 * GET /api/v1/orders/:number/events?after=ID
 */
export const eventsAfterValidator = compileQuery(
  vine.object({
    after: queryInteger().range([0, Number.MAX_SAFE_INTEGER]).optional(),
    limit: queryInteger().range([1, 500]).optional(),
  })
)

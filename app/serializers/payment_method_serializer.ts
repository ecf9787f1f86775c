import type PaymentMethod from '#models/payment_method'
import { PAYMENT_PROVIDERS } from '#domain/payment_status'
import { boolean, dateTime, integer, nullable, object, string } from '#serializers/json_schema'
import { isoTimestamp } from '#serializers/timestamp'

/**
 * The payment methods (issue 20): the staff API's full record, and what
 * a customer sees before checkout (`GET /api/v1/payment-methods`).
 */
export function serializePaymentMethod(method: PaymentMethod) {
  return {
    id: method.id,
    code: method.code,
    name: method.name,
    provider: method.provider,
    pay_on_delivery: Boolean(method.payOnDelivery),
    capture: method.capture,
    expires_after_minutes: method.expiresAfterMinutes ?? null,
    instructions: method.instructions ?? null,
    is_active: Boolean(method.isActive),
    position: method.position,
    created_at: isoTimestamp(method.createdAt),
    updated_at: isoTimestamp(method.updatedAt),
  }
}

/**
 * A method as customers see it. `publishableKey` is Stripe's publishable
 * key (the caller reads it from the settings): given only to a stripe
 * method, null for the others.
 */
export function serializePublicPaymentMethod(
  method: PaymentMethod,
  publishableKey: string | null = null
) {
  return {
    code: method.code,
    name: method.name,
    provider: method.provider,
    pay_on_delivery: Boolean(method.payOnDelivery),
    expires_after_minutes: method.expiresAfterMinutes ?? null,
    instructions: method.instructions ?? null,
    publishable_key: method.provider === 'stripe' ? publishableKey || null : null,
  }
}

const code = {
  type: 'string',
  pattern: '^[a-z0-9][a-z0-9_-]{0,39}$',
  examples: ['bank-transfer', 'card'],
  description: "What checkout's `payment_method` names",
}
const provider = { type: 'string', enum: [...PAYMENT_PROVIDERS] }
const payOnDelivery = {
  ...boolean,
  description: 'Cash on delivery: the order ships unpaid and is paid when delivered',
}
const expiresAfterMinutes = {
  ...nullable(integer),
  description:
    'An unpaid order is cancelled this many minutes after checkout; null: it never expires',
}
const instructions = {
  ...nullable(string),
  description: 'Shown to the customer (bank details for a transfer)',
}

export const paymentMethodSchemas = {
  PaymentMethod: object({
    id: integer,
    code,
    name: string,
    provider,
    pay_on_delivery: payOnDelivery,
    capture: {
      type: 'string',
      enum: ['automatic', 'manual'],
      description: 'stripe: automatic (charged at once) or manual (authorized, captured by staff)',
    },
    expires_after_minutes: expiresAfterMinutes,
    instructions,
    is_active: boolean,
    position: integer,
    created_at: dateTime,
    updated_at: dateTime,
  }),
  PublicPaymentMethod: object({
    code,
    name: string,
    provider,
    pay_on_delivery: payOnDelivery,
    expires_after_minutes: expiresAfterMinutes,
    instructions,
    publishable_key: {
      ...nullable(string),
      description: "Stripe's publishable key for a stripe method; null for the others",
    },
  }),
}

import type PaymentProviderEvent from '#models/payment_provider_event'
import type { DateTime } from 'luxon'
import type { PaymentProviderName, PaymentStatus } from '#domain/payment_status'
import { toDecimalString } from '#domain/money'
import { PAYMENT_STATUSES } from '#domain/payment_status'
import {
  boolean,
  dateTime,
  integer,
  money,
  nullable,
  object,
  string,
} from '#serializers/json_schema'
import { isoTimestamp } from '#serializers/timestamp'

/**
 * What a client needs to pay an order: for Stripe the client secret (to
 * confirm in the browser with Stripe.js) and the publishable key; for a
 * manual method the instructions and the reference to quote.
 */
export interface PaymentSessionData {
  orderNumber: string
  paymentStatus: PaymentStatus
  provider: PaymentProviderName
  method: string | null
  amount: number
  currency: string
  expiresAt: DateTime | null
  clientSecret: string | null
  publishableKey: string | null
  paymentIntent: string | null
  instructions: string | null
  reference: string | null
  payOnDelivery: boolean
}

export function serializePaymentSession(session: PaymentSessionData) {
  return {
    order_number: session.orderNumber,
    payment_status: session.paymentStatus,
    provider: session.provider,
    method: session.method,
    amount: toDecimalString(session.amount),
    currency: session.currency,
    expires_at: isoTimestamp(session.expiresAt),
    client_secret: session.clientSecret,
    publishable_key: session.publishableKey,
    payment_intent: session.paymentIntent,
    instructions: session.instructions,
    reference: session.reference,
    pay_on_delivery: session.payOnDelivery,
  }
}

export function serializeProviderEvent(event: PaymentProviderEvent, orderNumber: string | null) {
  return {
    id: event.id,
    provider: event.provider,
    event_id: event.eventId,
    type: event.type,
    order_number: orderNumber,
    outcome: event.outcome,
    needs_attention: Boolean(event.needsAttention),
    message: event.message,
    amount: event.amount === null ? null : toDecimalString(Number(event.amount)),
    currency: event.currency,
    received_at: isoTimestamp(event.receivedAt),
    resolved_at: isoTimestamp(event.resolvedAt),
  }
}

export const paymentSchemas = {
  PaymentSession: {
    ...object({
      order_number: string,
      payment_status: { type: 'string', enum: [...PAYMENT_STATUSES] },
      provider: { type: 'string', enum: ['manual', 'stripe'] },
      method: nullable(string),
      amount: { ...money, description: 'What this payment is for (what is due).' },
      currency: string,
      expires_at: nullable(dateTime),
      client_secret: {
        ...nullable(string),
        description: 'stripe: confirm the PaymentIntent with it in the browser (Stripe.js).',
      },
      publishable_key: nullable(string),
      payment_intent: { ...nullable(string), description: "stripe: the PaymentIntent's id." },
      instructions: {
        ...nullable(string),
        description: 'manual: how to pay (bank details for a transfer).',
      },
      reference: {
        ...nullable(string),
        description: 'manual: the reference to quote with a transfer (the order number).',
      },
      pay_on_delivery: boolean,
    }),
    description:
      'What the client needs to pay an order: a client secret for a card, or instructions and ' +
      'a reference for a transfer.',
  },
  ProviderEvent: {
    ...object({
      id: integer,
      provider: { type: 'string', enum: ['manual', 'stripe'] },
      event_id: string,
      type: string,
      order_number: nullable(string),
      outcome: { type: 'string', enum: ['applied', 'ignored', 'refused', 'late'] },
      needs_attention: boolean,
      message: string,
      amount: nullable(money),
      currency: nullable(string),
      received_at: dateTime,
      resolved_at: nullable(dateTime),
    }),
    description:
      'A payment provider event as received (once per event id) and what was done with it; ' +
      '`needs_attention`: an amount that did not match, money that reached an expired order.',
  },
}

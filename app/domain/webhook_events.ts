/**
 * The events a webhook endpoint can ask for: the one list (validators,
 * the panel, the OpenAPI document and the publisher read it).
 * `order.payment_changed` (issue 20): the order's payment state moved, or
 * money moved within it (a payment, a refund).
 */
export const WEBHOOK_EVENT_TYPES = [
  'order.placed',
  'order.status_changed',
  'order.cancelled',
  'order.payment_changed',
  'product.created',
  'product.updated',
  'product.deleted',
  'stock.low',
] as const

export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number]

/**
 * The version of the payload shape, sent as `version` in every body.
 */
export const WEBHOOK_PAYLOAD_VERSION = 1

export function isWebhookEventType(value: string): value is WebhookEventType {
  return (WEBHOOK_EVENT_TYPES as readonly string[]).includes(value)
}

/**
 * The body of one event, the same bytes on every attempt and every
 * endpoint: `{ id: "evt_...", type, version, created_at, data }`.
 */
export function webhookEventBody(
  id: string,
  type: WebhookEventType,
  createdAt: Date,
  data: Record<string, unknown>
): string {
  return JSON.stringify({
    id,
    type,
    version: WEBHOOK_PAYLOAD_VERSION,
    created_at: createdAt.toISOString(),
    data,
  })
}

/**
 * At most this much of a receiver's answer is kept in the delivery log.
 */
export const RESPONSE_EXCERPT_BYTES = 1024

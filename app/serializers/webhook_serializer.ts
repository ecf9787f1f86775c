import type WebhookEndpoint from '#models/webhook_endpoint'
import type WebhookDelivery from '#models/webhook_delivery'
import type WebhookDeliveryAttempt from '#models/webhook_delivery_attempt'
import { WEBHOOK_EVENT_TYPES } from '#domain/webhook_events'
import {
  arrayOf,
  boolean,
  dateTime,
  integer,
  nullable,
  object,
  paginationMeta,
  ref,
  string,
} from '#serializers/json_schema'

/**
 * A webhook endpoint. The signing secret is answered only when it is made
 * (creation, rotation): `withSecret`.
 */
export function serializeWebhookEndpoint(endpoint: WebhookEndpoint, withSecret = false) {
  return {
    id: endpoint.id,
    url: endpoint.url,
    description: endpoint.description,
    events: endpoint.events,
    is_active: Boolean(endpoint.isActive),
    is_failing: Boolean(endpoint.isFailing),
    failing_since: endpoint.failingSince?.toUTC().toISO() ?? null,
    created_at: endpoint.createdAt.toUTC().toISO(),
    updated_at: endpoint.updatedAt.toUTC().toISO(),
    ...(withSecret ? { secret: endpoint.secret } : {}),
  }
}

export function serializeWebhookAttempt(attempt: WebhookDeliveryAttempt) {
  return {
    attempt: attempt.attempt,
    succeeded: Boolean(attempt.succeeded),
    status_code: attempt.statusCode,
    duration_ms: attempt.durationMs,
    response_excerpt: attempt.responseExcerpt,
    error: attempt.error,
    created_at: attempt.createdAt.toUTC().toISO(),
  }
}

/**
 * A delivery with its attempt log (oldest attempt first).
 */
export function serializeWebhookDelivery(delivery: WebhookDelivery) {
  return {
    id: Number(delivery.id),
    endpoint_id: delivery.endpointId,
    event_id: delivery.eventId,
    event_type: delivery.eventType,
    status: delivery.status,
    attempts: delivery.attempts,
    last_status_code: delivery.lastStatusCode,
    last_error: delivery.lastError,
    delivered_at: delivery.deliveredAt?.toUTC().toISO() ?? null,
    created_at: delivery.createdAt.toUTC().toISO(),
    attempt_log: (delivery.attemptLog ?? []).map(serializeWebhookAttempt),
  }
}

const endpointProperties = {
  id: integer,
  url: string,
  description: string,
  events: arrayOf({ type: 'string', enum: [...WEBHOOK_EVENT_TYPES] }),
  is_active: boolean,
  is_failing: boolean,
  failing_since: nullable(dateTime),
  created_at: dateTime,
  updated_at: dateTime,
}

export const webhookSchemas = {
  WebhookEndpoint: object(endpointProperties),
  WebhookEndpointWithSecret: object({
    ...endpointProperties,
    secret: {
      type: 'string',
      pattern: '^whsec_',
      description: 'The signing secret (Standard Webhooks)',
    },
  }),
  WebhookDeliveryAttempt: object({
    attempt: integer,
    succeeded: boolean,
    status_code: nullable(integer),
    duration_ms: integer,
    response_excerpt: nullable({ type: 'string', description: 'The first kilobyte of the answer' }),
    error: nullable(string),
    created_at: dateTime,
  }),
  WebhookDelivery: object({
    id: integer,
    endpoint_id: integer,
    event_id: { type: 'string', pattern: '^evt_' },
    event_type: string,
    status: { type: 'string', enum: ['pending', 'succeeded', 'failed'] },
    attempts: integer,
    last_status_code: nullable(integer),
    last_error: nullable(string),
    delivered_at: nullable(dateTime),
    created_at: dateTime,
    attempt_log: arrayOf(ref('WebhookDeliveryAttempt')),
  }),
  WebhookDeliveryList: object({ data: arrayOf(ref('WebhookDelivery')), meta: paginationMeta }),
}

import { seekPage, type SeekInput } from '#services/seek_page'
import { randomBytes } from 'node:crypto'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import webhooksConfig from '#config/webhooks'
import { ApiError } from '#exceptions/api_error'
import type { WebhookEventType } from '#domain/webhook_events'
import WebhookEndpoint from '#models/webhook_endpoint'
import WebhookDelivery from '#models/webhook_delivery'
import WebhookDeliveryAttempt from '#models/webhook_delivery_attempt'
import WebhookEvent from '#models/webhook_event'
import { JobQueue } from '#services/job_queue'
import { StaffAudit, type StaffActor } from '#services/staff_audit'
import { resolveWebhookUrl, WebhookAddressError } from '#services/webhook_address'
import { sendWebhook } from '#services/webhook_sender'

export interface WebhookEndpointInput {
  url?: string
  description?: string
  events?: WebhookEventType[]
  is_active?: boolean
}

/**
 * A new signing secret: `whsec_` and 32 random bytes in base64 (the
 * Standard Webhooks form).
 */
export function newWebhookSecret() {
  return `whsec_${randomBytes(32).toString('base64')}`
}

/**
 * Webhook endpoints (admins register them, staff read them), their
 * deliveries and the delivery of one attempt. Every write is one
 * transaction, audited.
 */
export class WebhookService {
  async list() {
    return WebhookEndpoint.query().orderBy('id')
  }

  async find(id: number) {
    const endpoint = await WebhookEndpoint.find(id)
    if (!endpoint) {
      throw ApiError.notFound('Webhook endpoint not found')
    }
    return endpoint
  }

  /**
   * A URL leading to a private, loopback, link-local or reserved address
   * (or not https) is refused with 422, unless WEBHOOKS_ALLOW_PRIVATE.
   */
  async create(
    input: WebhookEndpointInput & { url: string; events: WebhookEventType[] },
    actor?: StaffActor
  ) {
    await this.checkUrl(input.url)
    return db.transaction(async (trx) => {
      const endpoint = new WebhookEndpoint().useTransaction(trx)
      endpoint.url = input.url
      endpoint.description = input.description ?? ''
      endpoint.events = [...new Set(input.events)]
      endpoint.secret = newWebhookSecret()
      endpoint.isActive = input.is_active ?? true
      endpoint.isFailing = false
      endpoint.failingSince = null
      await endpoint.save()
      await this.audit(
        actor,
        'create',
        endpoint.id,
        { url: input.url, events: endpoint.events },
        trx
      )
      return endpoint
    })
  }

  /**
   * A new URL is checked again; a changed URL or a (re)activation clears
   * the failing mark.
   */
  async update(
    id: number,
    input: WebhookEndpointInput & { rotate_secret?: boolean },
    actor?: StaffActor
  ) {
    if (input.url !== undefined) {
      await this.checkUrl(input.url)
    }
    return db.transaction(async (trx) => {
      const endpoint = await WebhookEndpoint.query({ client: trx })
        .where('id', id)
        .forUpdate()
        .first()
      if (!endpoint) {
        throw ApiError.notFound('Webhook endpoint not found')
      }
      const changes: Record<string, unknown> = {}
      if (input.url !== undefined && input.url !== endpoint.url) {
        changes.url = { from: endpoint.url, to: input.url }
        endpoint.url = input.url
        endpoint.isFailing = false
        endpoint.failingSince = null
      }
      if (input.description !== undefined) {
        changes.description = { from: endpoint.description, to: input.description }
        endpoint.description = input.description
      }
      if (input.events !== undefined) {
        changes.events = { from: endpoint.events, to: input.events }
        endpoint.events = [...new Set(input.events)]
      }
      if (input.is_active !== undefined && input.is_active !== endpoint.isActive) {
        changes.is_active = { from: endpoint.isActive, to: input.is_active }
        endpoint.isActive = input.is_active
        if (input.is_active) {
          endpoint.isFailing = false
          endpoint.failingSince = null
        }
      }
      if (input.rotate_secret) {
        changes.secret = 'rotated'
        endpoint.secret = newWebhookSecret()
      }
      await endpoint.save()
      await this.audit(actor, 'update', endpoint.id, changes, trx)
      return endpoint
    })
  }

  async delete(id: number, actor?: StaffActor) {
    await db.transaction(async (trx) => {
      const endpoint = await WebhookEndpoint.find(id, { client: trx })
      if (!endpoint) {
        throw ApiError.notFound('Webhook endpoint not found')
      }
      await endpoint.delete()
      await this.audit(actor, 'delete', id, { url: endpoint.url }, trx)
    })
  }

  /**
   * An endpoint's deliveries, newest first, with their attempt log.
   */
  async deliveries(endpointId: number, input: SeekInput) {
    await this.find(endpointId)
    return seekPage(
      WebhookDelivery.query()
        .where('endpoint_id', endpointId)
        .preload('attemptLog', (query) => query.orderBy('id')),
      input,
      {
        column: 'webhook_deliveries.id',
        id: 'webhook_deliveries.id',
        scope: ['deliveries', endpointId],
      },
      20
    )
  }

  async delivery(endpointId: number, deliveryId: number) {
    const delivery = await WebhookDelivery.query()
      .where('endpoint_id', endpointId)
      .where('id', deliveryId)
      .preload('attemptLog', (query) => query.orderBy('id'))
      .first()
    if (!delivery) {
      throw ApiError.notFound('Webhook delivery not found')
    }
    return delivery
  }

  /**
   * Sends a delivery again (same event, same body, same `webhook-id`), with
   * a fresh set of attempts. A delivery still pending is already on its
   * way: 409.
   */
  async resend(endpointId: number, deliveryId: number, actor?: StaffActor) {
    await db.transaction(async (trx) => {
      const delivery = await WebhookDelivery.query({ client: trx })
        .where('endpoint_id', endpointId)
        .where('id', deliveryId)
        .forUpdate()
        .first()
      if (!delivery) {
        throw ApiError.notFound('Webhook delivery not found')
      }
      if (delivery.status === 'pending') {
        throw ApiError.conflict('This delivery is still being attempted: wait for it to end')
      }
      delivery.status = 'pending'
      await delivery.save()
      await JobQueue.enqueue('webhook.deliver', { deliveryId: delivery.id }, { trx })
      await this.audit(actor, 'resend', endpointId, { delivery_id: delivery.id }, trx)
    })
    return this.delivery(endpointId, deliveryId)
  }

  /**
   * One attempt of a delivery (the `webhook.deliver` job). A delivery that
   * succeeded already is not sent again (a job run twice after a crash).
   * Answers 'retry' when the attempt failed and the queue should try
   * again; the last failed attempt fails the delivery and marks the
   * endpoint failing.
   */
  async attempt(deliveryId: number, last: boolean): Promise<'done' | 'retry'> {
    if (!(await this.claim(deliveryId))) {
      const current = await WebhookDelivery.find(deliveryId)
      return current?.status === 'pending' && !last ? 'retry' : 'done'
    }
    const delivery = await WebhookDelivery.find(deliveryId)
    if (!delivery || delivery.status !== 'pending') {
      return 'done'
    }
    const endpoint = await WebhookEndpoint.find(delivery.endpointId)
    const event = await WebhookEvent.find(delivery.eventId)
    if (!endpoint || !event) {
      return 'done'
    }
    if (!endpoint.isActive) {
      await this.finish(
        delivery,
        endpoint,
        {
          succeeded: false,
          statusCode: null,
          durationMs: 0,
          responseExcerpt: null,
          error: 'Not sent: the endpoint is inactive',
        },
        true
      )
      return 'done'
    }
    const result = await sendWebhook(
      { url: endpoint.url, secret: endpoint.secret, eventId: event.id, body: event.body },
      webhooksConfig
    )
    await this.finish(delivery, endpoint, result, last)
    return result.succeeded || last ? 'done' : 'retry'
  }

  /**
   * Claims a pending delivery for one sender: a second run of its job
   * while it is being sent (a worker whose lock lapsed, a resend racing a
   * retry) finds it claimed and tries again later. The claim outlives the
   * request's timeout; one left by a dead worker expires by itself.
   */
  protected async claim(deliveryId: number) {
    const now = Date.now()
    const updated = await db
      .from('webhook_deliveries')
      .where('id', deliveryId)
      .where('status', 'pending')
      .where((query) => query.whereNull('claimed_until').orWhere('claimed_until', '<', now))
      .update({ claimed_until: now + webhooksConfig.timeoutMs * 2 + 5_000 })
    return Number(Array.isArray(updated) ? updated[0] : updated) === 1
  }

  protected async finish(
    delivery: WebhookDelivery,
    endpoint: WebhookEndpoint,
    result: Awaited<ReturnType<typeof sendWebhook>>,
    last: boolean
  ) {
    await db.transaction(async (trx) => {
      delivery.useTransaction(trx)
      endpoint.useTransaction(trx)
      delivery.attempts += 1
      await WebhookDeliveryAttempt.create(
        {
          deliveryId: delivery.id,
          attempt: delivery.attempts,
          succeeded: result.succeeded,
          statusCode: result.statusCode,
          durationMs: result.durationMs,
          responseExcerpt: result.responseExcerpt,
          error: result.error,
        },
        { client: trx }
      )
      delivery.lastStatusCode = result.statusCode
      delivery.lastError = result.error
      delivery.claimedUntil = null
      if (result.succeeded) {
        delivery.status = 'succeeded'
        delivery.deliveredAt = DateTime.now()
        if (endpoint.isFailing) {
          endpoint.isFailing = false
          endpoint.failingSince = null
          await endpoint.save()
        }
      } else if (last) {
        delivery.status = 'failed'
        if (!endpoint.isFailing) {
          endpoint.isFailing = true
          endpoint.failingSince = DateTime.now()
          await endpoint.save()
        }
      }
      await delivery.save()
    })
  }

  protected async checkUrl(url: string) {
    try {
      await resolveWebhookUrl(url, webhooksConfig.allowPrivate)
    } catch (error) {
      if (error instanceof WebhookAddressError) {
        throw ApiError.unprocessable(`This webhook URL is refused: ${error.message}`, 'url')
      }
      throw error
    }
  }

  protected async audit(
    actor: StaffActor | undefined,
    action: string,
    recordId: number,
    changes: Record<string, unknown>,
    trx: Parameters<typeof StaffAudit.record>[2]
  ) {
    if (actor) {
      await StaffAudit.record(actor, { action, resource: 'webhooks', recordId, changes }, trx)
    }
  }
}

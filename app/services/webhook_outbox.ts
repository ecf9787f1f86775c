import { randomBytes } from 'node:crypto'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import { webhookEventBody, type WebhookEventType } from '#domain/webhook_events'
import { JobQueue } from '#services/job_queue'
import { dbTimestamp } from '#services/db_time'
import { toDecimalString } from '#domain/money'
import type { OrderEventData } from '#events/types'

/**
 * A new event id: `evt_` and 24 random characters.
 */
export function newWebhookEventId() {
  return `evt_${randomBytes(18).toString('base64url')}`
}

/**
 * An active endpoint: its id and the events it asked for (JSON text).
 */
export interface ActiveEndpoint {
  id: number
  events: string
}

/**
 * The query of the active endpoints (checkout reads it with its other
 * reads, readTogether, and hands the rows to publishOrderWebhooks).
 */
export function activeEndpoints(client: QueryClientContract) {
  return client.from('webhook_endpoints').where('is_active', true).select('id', 'events')
}

/**
 * Publishes a webhook event in the transaction of the change (`client`):
 * the event row, one pending delivery per active endpoint that asked for
 * `type` (`endpoints` when the caller read them in this transaction), and a `webhook.deliver` job per delivery in the outbox. A
 * rolled-back change leaves none of them; with no endpoint asking, nothing
 * is written. Query builder only (no model): order events reach this from
 * OrderItem's create hook.
 */
export async function publishWebhookEvent(
  client: QueryClientContract,
  type: WebhookEventType,
  data: Record<string, unknown>,
  endpoints?: ActiveEndpoint[]
): Promise<void> {
  const active: ActiveEndpoint[] = endpoints ?? (await activeEndpoints(client))
  const wanted = active.filter((endpoint) => {
    try {
      return (JSON.parse(endpoint.events) as string[]).includes(type)
    } catch {
      return false
    }
  })
  if (!wanted.length) {
    return
  }
  const id = newWebhookEventId()
  const now = new Date()
  const timestamp = dbTimestamp(client)
  await client
    .insertQuery()
    .table('webhook_events')
    .insert({ id, type, body: webhookEventBody(id, type, now, data), created_at: timestamp })
  const trx = client.isTransaction ? (client as TransactionClientContract) : undefined
  for (const endpoint of wanted) {
    const [row] = await client
      .insertQuery()
      .table('webhook_deliveries')
      .insert({
        endpoint_id: endpoint.id,
        event_id: id,
        event_type: type,
        status: 'pending',
        attempts: 0,
        created_at: timestamp,
        updated_at: timestamp,
      })
      .returning('id')
    const deliveryId = Number(typeof row === 'object' ? (row as { id: number }).id : row)
    await JobQueue.enqueue('webhook.deliver', { deliveryId }, { trx })
  }
}

/**
 * The webhook events of an order event row (app/events/order_events.ts):
 * `order.placed`; `order.status_changed`, plus `order.cancelled` for a
 * cancellation; `stock.low` for a low-stock row; `order.payment_changed`
 * for a payment row (issue 20).
 */
export async function publishOrderWebhooks(
  client: QueryClientContract,
  event: OrderEventData,
  endpoints?: ActiveEndpoint[]
) {
  if (event.type === 'low_stock') {
    await publishWebhookEvent(
      client,
      'stock.low',
      {
        product_id: event.productId,
        stock: event.stock,
        order: { id: event.orderId, number: event.orderNumber },
      },
      endpoints
    )
    return
  }
  const order = { id: event.orderId, number: event.orderNumber, customer_id: event.userId }
  if (event.type === 'payment') {
    /**
     * Payment states in from/to (never fulfilment's), the money that moved
     * with this change as a decimal string in the order's currency (null
     * when none did: a failed or expired attempt), and what the row says
     * about it (a reference, a refund's reason).
     */
    await publishWebhookEvent(
      client,
      'order.payment_changed',
      {
        order,
        from_payment_status: event.fromStatus,
        to_payment_status: event.toStatus,
        amount: event.amount === null ? null : toDecimalString(Number(event.amount)),
        note: event.note,
        actor_role: event.actorRole,
        occurred_at: event.createdAt,
      },
      endpoints
    )
    return
  }
  const data = {
    order,
    from_status: event.fromStatus,
    to_status: event.toStatus,
    actor_role: event.actorRole,
    occurred_at: event.createdAt,
  }
  if (event.fromStatus === null) {
    await publishWebhookEvent(client, 'order.placed', data, endpoints)
    return
  }
  await publishWebhookEvent(client, 'order.status_changed', data, endpoints)
  if (event.toStatus === 'cancelled') {
    await publishWebhookEvent(client, 'order.cancelled', data, endpoints)
  }
}

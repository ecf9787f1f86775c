import { DateTime } from 'luxon'
import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { OrderStatus } from '#models/order'
import type { PaymentStatus } from '#domain/payment_status'
import { emitAfterCommit } from '#events/after_commit'
import type { OrderEventData } from '#events/types'
import { publishOrderWebhooks, type ActiveEndpoint } from '#services/webhook_outbox'
import { placedMailInsert, queueOrderMail } from '#services/mail_outbox'

interface OrderRef {
  orderId: number
  orderNumber: string
  /**
   * The order's owner.
   */
  userId: number
}

interface Actor {
  actorId: number | null
  actorRole: OrderEventData['actorRole']
}

/**
 * What happens to an order, written as an `order_events` row in the
 * change's transaction (`client`) and announced once that transaction
 * commits: the row is the record, the event its delivery. A rolled-back
 * change leaves neither.
 */
export const OrderEvents = {
  /**
   * A new order (its `pending` row): `order:placed`.
   */
  async placed(client: QueryClientContract, order: OrderRef, actor: Actor) {
    const data = await write(client, order, {
      type: 'status',
      fromStatus: null,
      toStatus: 'pending',
      ...actor,
    })
    await announcePlaced(client, data)
    return data
  },

  /**
   * A new order's `pending` row as an INSERT for the statement that
   * inserts the order itself (checkout on PostgreSQL; `orderId` is the SQL
   * of the order's id there), with its bindings; `announce` (the order's
   * and the row's ids, once the statement ran) does what `placed` does
   * after its own insert: `order:placed` with its webhooks (to the active
   * `endpoints` the caller read in this transaction) and e-mail (`mail`:
   * the e-mail's outbox row as SQL for the same statement).
   */
  placedInsert(
    client: TransactionClientContract,
    order: Omit<OrderRef, 'orderId'>,
    actor: Actor,
    orderId: string,
    endpoints: ActiveEndpoint[]
  ) {
    const now = DateTime.now()
    /**
     * The confirmation e-mail's outbox row, for the same statement (its
     * own CTE): what `queueOrderMail` would write after the insert.
     */
    const mail = placedMailInsert(orderId)
    return {
      mail,
      sql: `insert into order_events (order_id, user_id, type, to_status, actor_id, actor_role, created_at)
        select ${orderId}, ?::integer, 'status', 'pending', ?::integer, ?::varchar, ?::timestamptz
        returning id`,
      bindings: [
        order.userId,
        actor.actorId,
        actor.actorRole,
        now.toFormat(client.dialect.dateTimeFormat),
      ] as Array<string | number | null>,
      announce: async (ids: { orderId: number; eventId: number }) => {
        const data: OrderEventData = {
          id: ids.eventId,
          orderId: ids.orderId,
          orderNumber: order.orderNumber,
          userId: order.userId,
          type: 'status',
          fromStatus: null,
          toStatus: 'pending',
          actorId: actor.actorId,
          actorRole: actor.actorRole,
          productId: null,
          stock: null,
          amount: null,
          note: null,
          createdAt: now.toUTC().toISO()!,
        }
        // The e-mail's row was written by the statement: wake its dispatcher.
        await publishOrderWebhooks(client, data, endpoints)
        mail.written(client)
        await emitAfterCommit(client, 'order:placed', data)
        return data
      },
    }
  },

  /**
   * An order moved from `from` to `to`: `order:status_changed`.
   */
  async statusChanged(
    client: QueryClientContract,
    order: OrderRef,
    move: { from: OrderStatus; to: OrderStatus },
    actor: Actor
  ) {
    const data = await write(client, order, {
      type: 'status',
      fromStatus: move.from,
      toStatus: move.to,
      ...actor,
    })
    await publishOrderWebhooks(client, data)
    await queueOrderMail(client, data)
    await emitAfterCommit(client, 'order:status_changed', data)
    return data
  },

  /**
   * The order's payment state moved (issue 20), or money moved within it
   * (`from` equals `to` for a part payment): `order:payment_changed`,
   * broadcast on the order's channel like a status change.
   */
  async paymentChanged(
    client: QueryClientContract,
    order: OrderRef,
    move: { from: PaymentStatus; to: PaymentStatus; amount: number | null; note: string | null },
    actor: Actor
  ) {
    const data = await write(client, order, {
      type: 'payment',
      fromStatus: move.from,
      toStatus: move.to,
      amount: move.amount,
      note: move.note,
      ...actor,
    })
    await publishOrderWebhooks(client, data)
    await queueOrderMail(client, data)
    await emitAfterCommit(client, 'order:payment_changed', data)
    return data
  },

  /**
   * A line of the order took its product to or below the low-stock
   * threshold: `stock:low`.
   */
  async stockLow(
    client: QueryClientContract,
    order: OrderRef,
    level: { productId: number; stock: number }
  ) {
    const data = await write(client, order, {
      type: 'low_stock',
      actorRole: 'system',
      productId: level.productId,
      stock: level.stock,
    })
    await publishOrderWebhooks(client, data)
    await emitAfterCommit(client, 'stock:low', data)
    return data
  },
}

/**
 * A written `pending` row: its webhooks and e-mail queued in the
 * transaction, `order:placed` after commit.
 */
async function announcePlaced(client: QueryClientContract, data: OrderEventData) {
  await publishOrderWebhooks(client, data)
  await queueOrderMail(client, data)
  await emitAfterCommit(client, 'order:placed', data)
}

/**
 * One `order_events` row (the query builder, so this module imports no
 * model: the OrderItem create hook reaches it through StockService).
 */
async function write(
  client: QueryClientContract,
  order: OrderRef,
  values: Pick<OrderEventData, 'type' | 'actorRole'> &
    Partial<
      Pick<
        OrderEventData,
        'fromStatus' | 'toStatus' | 'actorId' | 'productId' | 'stock' | 'amount' | 'note'
      >
    >
): Promise<OrderEventData> {
  const now = DateTime.now()
  const data = {
    orderId: order.orderId,
    orderNumber: order.orderNumber,
    userId: order.userId,
    type: values.type,
    fromStatus: values.fromStatus ?? null,
    toStatus: values.toStatus ?? null,
    actorId: values.actorId ?? null,
    actorRole: values.actorRole,
    productId: values.productId ?? null,
    stock: values.stock ?? null,
    amount: values.amount ?? null,
    note: values.note ?? null,
  }
  const [row] = await client
    .insertQuery()
    .table('order_events')
    .insert({
      order_id: data.orderId,
      user_id: data.userId,
      type: data.type,
      from_status: data.fromStatus,
      to_status: data.toStatus,
      actor_id: data.actorId,
      actor_role: data.actorRole,
      product_id: data.productId,
      stock: data.stock,
      ...(data.type === 'payment' ? { amount: data.amount, note: data.note } : {}),
      created_at: now.toFormat(client.dialect.dateTimeFormat),
    })
    .returning('id')
  const id = typeof row === 'object' ? (row as { id: number }).id : (row as number)
  return { id: Number(id), ...data, createdAt: now.toUTC().toISO() }
}

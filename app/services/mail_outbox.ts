import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { OrderEventData } from '#events/types'
import type { MailJob } from '#services/shop_mail'
import { JobQueue } from '#services/job_queue'

/**
 * Queues one shop e-mail (the `mail.send` job) in the transaction of the
 * change that causes it (`client`): a rolled-back change sends nothing.
 * `key` makes it once per key. Query builder only, no model: order events
 * reach this from OrderItem's create hook.
 */
export async function queueMail(client: QueryClientContract, job: MailJob, key?: string) {
  const trx = client.isTransaction ? (client as TransactionClientContract) : undefined
  await JobQueue.enqueue('mail.send', job, { trx, key })
}

/**
 * The customer's e-mail of an order event row (app/events/order_events.ts):
 * the confirmation for a new order, a notice when it ships or is
 * cancelled (once per order and kind), and for a payment row (issue 20)
 * the payment's mail (once per row).
 */
export async function queueOrderMail(client: QueryClientContract, event: OrderEventData) {
  if (event.type === 'payment') {
    const kind = paymentMailKind(event)
    if (kind) {
      await queueMail(
        client,
        { kind, orderId: event.orderId, eventId: event.id },
        `mail:${kind}:${event.id}`
      )
    }
    return
  }
  if (event.type !== 'status') {
    return
  }
  const kind: MailJob['kind'] | null =
    event.fromStatus === null
      ? 'order_placed'
      : event.toStatus === 'shipped'
        ? 'order_shipped'
        : event.toStatus === 'cancelled'
          ? 'order_cancelled'
          : null
  if (kind) {
    await queueMail(client, { kind, orderId: event.orderId }, `mail:${kind}:${event.orderId}`)
  }
}

/**
 * What `queueOrderMail` queues for a new order (its confirmation, once per
 * order), as SQL for the statement that inserts the order (checkout on
 * PostgreSQL): `orderId` is the SQL of the order's id there.
 */
export function placedMailInsert(orderId: string) {
  return {
    ...JobQueue.enqueueSql(
      'mail.send',
      `json_build_object('kind', 'order_placed', 'orderId', ${orderId})::text`,
      `'mail:order_placed:' || ${orderId}`
    ),
    /**
     * Once the statement ran: the dispatcher is woken when `trx` commits.
     */
    written: (trx: TransactionClientContract) => JobQueue.wakeAfterCommit(trx),
  }
}

/**
 * The e-mail a payment row sends the customer: the order became paid
 * ("payment received"), money went back (a refund, full or partial, each
 * one), or an attempt failed (pay again). Nothing for the rest: an
 * authorization (the mail comes with the capture), a part payment
 * (`from` equals `to`), a late payment on an expired order (its automatic
 * refund mails), and an expiry (the cancellation mail that comes with it
 * says so).
 */
export function paymentMailKind(
  event: Pick<OrderEventData, 'fromStatus' | 'toStatus' | 'amount'>
): 'payment_received' | 'payment_refunded' | 'payment_failed' | null {
  if (event.toStatus === 'paid' && event.fromStatus !== 'paid') {
    return 'payment_received'
  }
  if (
    (event.toStatus === 'partially_refunded' || event.toStatus === 'refunded') &&
    Number(event.amount ?? 0) > 0
  ) {
    return 'payment_refunded'
  }
  if (event.toStatus === 'failed') {
    return 'payment_failed'
  }
  return null
}

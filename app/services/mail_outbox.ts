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
 * cancelled. Once per order and kind.
 */
export async function queueOrderMail(client: QueryClientContract, event: OrderEventData) {
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

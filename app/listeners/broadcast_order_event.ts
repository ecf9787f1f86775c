import transmit from '@adonisjs/transmit/services/main'
import { channels } from '#start/channels'
import type { OrderEventData } from '#events/types'
import { toDecimalString } from '#domain/money'

/**
 * A committed `order_events` row, as the real-time channels show it (the
 * same shape as `GET /me/events`): a status or payment change goes to the
 * order's owner and to staff, a low-stock alert to staff only.
 */
export default class BroadcastOrderEvent {
  handle(event: OrderEventData) {
    const payload = {
      id: event.id,
      order_number: event.orderNumber,
      type: event.type,
      from: event.fromStatus,
      to: event.toStatus,
      actor_role: event.actorRole,
      ...(event.type === 'low_stock' ? { product_id: event.productId, stock: event.stock } : {}),
      ...(event.type === 'payment'
        ? {
            amount: event.amount === null ? null : toDecimalString(event.amount),
            note: event.note,
          }
        : {}),
      at: event.createdAt,
    }
    if (event.type !== 'low_stock') {
      transmit.broadcast(channels.userOrders(event.userId), payload)
    }
    transmit.broadcast(channels.staffOrders, payload)
  }
}

import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import Order, { type OrderStatus } from '#models/order'
import type User from '#models/user'
import { ApiError } from '#exceptions/api_error'
import { restockOrder } from '#services/order_restock'
import { PaymentService } from '#services/payment_service'
import { mayShip } from '#domain/payment_status'
import { OrderEvents } from '#events/order_events'
import { StaffAudit } from '#services/staff_audit'
import { ORDER_TRANSITIONS, OrderRules } from '#policies/order_rules'

/**
 * The order state machine and who may make which move live in one pure
 * module, `#policies/order_rules` (OrderRules): re-exported here for the
 * callers that know the lifecycle by this name.
 */
export const TRANSITIONS = ORDER_TRANSITIONS

const TIMESTAMP_OF: Partial<Record<OrderStatus, 'shippedAt' | 'deliveredAt' | 'cancelledAt'>> = {
  shipped: 'shippedAt',
  delivered: 'deliveredAt',
  cancelled: 'cancelledAt',
}

/**
 * The moves `actor` may make on `order` now.
 */
export function allowedTransitions(order: Order, actor: User): OrderStatus[] {
  return OrderRules.allowedMoves(actor, order)
}

export class OrderLifecycleService {
  constructor(protected payments: PaymentService = new PaymentService()) {}

  /**
   * Moves the order to `to` in one transaction: the order row locked, the
   * move checked against the state machine (409 naming the allowed moves
   * otherwise, nothing changed), stock put back on cancel, and an
   * `order_events` row written. Another user's order is 404. With
   * `outerTrx`, the move is part of the caller's transaction (and is only
   * announced if that one commits). With `origin` (the client's IP of a
   * REST API request or a panel action), a move made by staff is written
   * to the audit log in the same transaction: the move and its entry
   * commit together or not at all (issue 14, finding 22; issue 13).
   */
  async transition(
    orderNumber: string,
    to: OrderStatus,
    actor: User,
    outerTrx?: TransactionClientContract,
    origin?: { ip: string | null }
  ): Promise<Order> {
    const run = async (trx: TransactionClientContract) => {
      const order = await this.lockOrder(orderNumber, trx)
      if (!order || !OrderRules.mayView(actor, order)) {
        throw ApiError.notFound('Order not found')
      }
      const from = order.status
      const decision = OrderRules.decideMove(actor, order, to)
      if (!decision.allowed) {
        const { message, allowedMoves: allowed } = decision
        throw new ApiError(409, 'E_INVALID_TRANSITION', message, [
          { code: 'E_INVALID_TRANSITION', message, field: 'status', from, to, allowed },
        ])
      }

      if (
        to === 'shipped' &&
        !mayShip(order.paymentStatus, {
          hasMethod: Boolean(order.paymentMethodId || order.paymentProvider),
          payOnDelivery: order.payOnDelivery,
        })
      ) {
        const message = `Order ${order.number} is ${order.paymentStatus}: it ships once paid${order.paymentStatus === 'authorized' ? ' (capture the authorized payment first)' : ''}`
        throw new ApiError(409, 'E_PAYMENT_REQUIRED', message, [
          {
            code: 'E_PAYMENT_REQUIRED',
            message,
            field: 'status',
            payment_status: order.paymentStatus,
          },
        ])
      }

      order.status = to
      const timestamp = TIMESTAMP_OF[to]
      if (timestamp) {
        order[timestamp] = DateTime.now()
      }
      await order.save()

      if (to === 'cancelled') {
        await restockOrder(order, trx)
      }
      await OrderEvents.statusChanged(
        trx,
        { orderId: order.id, orderNumber: order.number, userId: order.userId },
        { from, to },
        { actorId: actor.id, actorRole: actor.role }
      )
      // What was paid goes back when the order is cancelled; a
      // pay-on-delivery order is paid when delivered (issue 20).
      if (to === 'cancelled') {
        await this.payments.onOrderCancelled(trx, order, {
          actorId: actor.id,
          actorRole: actor.role,
        })
      } else if (to === 'delivered') {
        await this.payments.onOrderDelivered(trx, order, {
          actorId: actor.id,
          actorRole: actor.role,
        })
      }
      if (origin && actor.isStaff) {
        await StaffAudit.record(
          { id: actor.id, email: actor.email, ip: origin.ip },
          {
            action: `order:${to}`,
            resource: 'orders',
            recordId: order.number,
            changes: { status: { from, to } },
          },
          trx
        )
      }
      await order.load('items')
      return order
    }
    return outerTrx ? run(outerTrx) : db.transaction(run)
  }

  /**
   * The order row, locked until the transaction ends (PostgreSQL; SQLite
   * serializes writers).
   */
  private async lockOrder(orderNumber: string, trx: TransactionClientContract) {
    const query = Order.query({ client: trx }).where('number', orderNumber)
    if (trx.dialect.name === 'postgres') {
      query.forUpdate()
    }
    return query.first()
  }
}

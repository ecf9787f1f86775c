import type { DateTime } from 'luxon'
import Order, { type OrderStatus } from '#models/order'
import type { ModelQueryBuilderContract } from '@adonisjs/lucid/types/model'
import OrderEvent from '#models/order_event'
import type User from '#models/user'
import { ApiError } from '#exceptions/api_error'
import { dbTimestamp } from '#services/db_time'
import { serializeOrder, serializeOrderEvent } from '#serializers/order_serializer'
import { OrderRules } from '#policies/order_rules'
import { seekPage, type SeekInput } from '#services/seek_page'
import type { PaymentStatus } from '#domain/payment_status'

type Page = SeekInput

export interface AdminOrderFilters extends Page {
  status?: OrderStatus
  payment_status?: PaymentStatus
  user_id?: number
  from?: DateTime
  to?: DateTime
}

async function paginated(
  query: ModelQueryBuilderContract<typeof Order>,
  input: Page,
  scope: unknown
) {
  const { rows, meta } = await seekPage(
    query.preload('items'),
    input,
    { column: 'orders.created_at', id: 'orders.id', scope },
    10
  )
  return { data: rows.map(serializeOrder), meta }
}

/**
 * Reading orders: a customer sees only their own; staff see every order.
 * Someone else's order is "not found", never "forbidden", so order numbers
 * cannot be probed.
 */
export class OrderQueryService {
  listForUser(userId: number, input: Page) {
    return paginated(Order.query().where('user_id', userId), input, ['orders', userId])
  }

  listForStaff(filters: AdminOrderFilters) {
    const query = Order.query()
    if (filters.status) {
      query.where('status', filters.status)
    }
    if (filters.payment_status) {
      query.where('payment_status', filters.payment_status)
    }
    if (filters.user_id) {
      query.where('user_id', filters.user_id)
    }
    if (filters.from) {
      query.where('created_at', '>=', dbTimestamp(undefined, filters.from.toLocal()))
    }
    if (filters.to) {
      query.where('created_at', '<=', dbTimestamp(undefined, filters.to.toLocal()))
    }
    return paginated(query, filters, [
      'staff-orders',
      filters.status ?? null,
      filters.payment_status ?? null,
      filters.user_id ?? null,
      filters.from?.toISO() ?? null,
      filters.to?.toISO() ?? null,
    ])
  }

  /**
   * The order with its lines, if `viewer` may see it; 404 otherwise.
   */
  async findVisible(orderNumber: string, viewer: User) {
    const order = await Order.query()
      .where('number', orderNumber)
      .preload('items')
      .preload('refunds', (refunds) => refunds.orderBy('id'))
      .first()
    if (!order || !OrderRules.mayView(viewer, order)) {
      throw ApiError.notFound('Order not found')
    }
    return order
  }

  /**
   * Status and payment events of every order of the user after the id `after`, oldest
   * first: the same payloads as the `users/:id/orders` channel.
   */
  async eventsForUser(userId: number, after: number, limit: number) {
    const events = await OrderEvent.query()
      .where('user_id', userId)
      .whereIn('type', ['status', 'payment'])
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
      .preload('order', (query) => query.select('id', 'number'))
    return events.map((event) => serializeOrderEvent(event, event.order.number))
  }

  /**
   * The order's events after the id `after`, oldest first: what a client
   * missed while disconnected. Customers see status and payment changes; staff also see
   * low-stock events.
   */
  async eventsAfter(order: Order, viewer: User, after: number, limit: number) {
    const query = OrderEvent.query()
      .where('order_id', order.id)
      .where('id', '>', after)
      .orderBy('id')
      .limit(limit)
    if (!OrderRules.seesStaffEvents(viewer)) {
      query.whereIn('type', ['status', 'payment'])
    }
    const events = await query
    return events.map((event) => serializeOrderEvent(event, order.number))
  }
}

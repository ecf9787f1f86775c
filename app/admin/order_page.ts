import type { ActionContext, ActionResponse, After, RecordJSON } from 'adminjs'
import Order from '#models/order'
import type { OrderStatus } from '#models/order'
import OrderEvent from '#models/order_event'
import { OrderRules } from '#policies/order_rules'
import { toDecimalString } from '#services/money'
import { currentShopSettings } from '#services/shop_settings_service'

/**
 * What the order page (components/order_page.jsx) shows, read once on the
 * server so the component only renders: the lines, the address, the
 * timeline, the moves staff may make now and the invoice link. Money is
 * in decimal amounts with the order's currency (the shop's Settings'
 * currency when the order was placed).
 */
export interface OrderPageData {
  number: string
  status: OrderStatus
  currency: string
  customer: { id: number | null; name: string; ordersUrl: string | null; recordUrl: string | null }
  address: string[]
  lines: Array<{ productName: string; quantity: number; unitPrice: string; lineTotal: string }>
  itemCount: number
  subtotal: string
  total: string
  events: Array<{
    id: number
    type: string
    from: string | null
    to: string | null
    actorRole: string
    at: string
  }>
  moves: Array<{
    action: string
    to: OrderStatus
    label: string
    destructive: boolean
    effect: string | null
  }>
  invoiceUrl: string
  listUrl: string
}

const MOVES: Array<{ action: string; to: OrderStatus; label: string }> = [
  { action: 'markShipped', to: 'shipped', label: 'Ship' },
  { action: 'markDelivered', to: 'delivered', label: 'Deliver' },
  { action: 'cancel', to: 'cancelled', label: 'Cancel order' },
]

async function shopCurrency() {
  const { currency } = await currentShopSettings()
  return currency
}

export async function orderPageData(
  orderId: number,
  context: ActionContext
): Promise<OrderPageData | null> {
  const order = await Order.query()
    .where('id', orderId)
    .preload('items', (query) => query.orderBy('id'))
    .preload('user')
    .first()
  if (!order) {
    return null
  }
  const events = await OrderEvent.query().where('order_id', order.id).orderBy('id')
  const isAdmin = context.currentAdmin?.role === 'admin'
  const rootPath = context._admin.options.rootPath
  const units = order.items.reduce((sum, item) => sum + item.quantity, 0)
  return {
    number: order.number,
    status: order.status,
    currency: order.currency || (await shopCurrency()),
    customer: {
      id: order.userId,
      // Staff see the customer's name only (as in #admin/api_results).
      name: order.user?.fullName ?? `User #${order.userId}`,
      ordersUrl: `${rootPath}/resources/orders?filters.userId=${order.userId}`,
      recordUrl: isAdmin ? `${rootPath}/resources/users/records/${order.userId}/show` : null,
    },
    address: [
      order.shipFullName,
      order.shipLine1,
      order.shipLine2,
      [order.shipPostalCode, order.shipCity].filter(Boolean).join(' '),
      order.shipCountry,
    ].filter((line): line is string => Boolean(line)),
    lines: order.items.map((item) => ({
      productName: item.productName,
      quantity: item.quantity,
      unitPrice: toDecimalString(item.unitPrice),
      lineTotal: toDecimalString(item.lineTotal),
    })),
    itemCount: units,
    subtotal: toDecimalString(order.subtotal),
    total: toDecimalString(order.total),
    events: events.map((event) => ({
      id: event.id,
      type: event.type,
      from: event.fromStatus,
      to: event.toStatus,
      actorRole: event.actorRole,
      at: event.createdAt.toISO() ?? '',
    })),
    moves: MOVES.filter((move) => OrderRules.isMove(order.status, move.to)).map((move) => ({
      ...move,
      destructive: move.to === 'cancelled',
      effect: move.to === 'cancelled' ? `restocks ${units} item${units === 1 ? '' : 's'}` : null,
    })),
    invoiceUrl: `${rootPath}/orders/${encodeURIComponent(order.number)}/invoice`,
    listUrl: `${rootPath}/resources/orders`,
  }
}

/**
 * The show action's and the moves' answer carries the page's data, so the
 * page shows the new status, totals and timeline entry after a move
 * without a reload.
 */
export const withOrderPage: After<ActionResponse> = async (response, _request, context) => {
  const record = response.record as (RecordJSON & { orderPage?: OrderPageData | null }) | undefined
  if (record?.id && /^\d+$/.test(String(record.id))) {
    record.orderPage = await orderPageData(Number(record.id), context)
  }
  return response
}

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
  /**
   * Issue 19: the order's pricing as placed (its snapshot). Orders placed
   * before it have no snapshot: no discounts, shipping or taxes, zeros.
   */
  discounts: Array<{ name: string; code: string | null; level: string; amount: string }>
  discountTotal: string
  couponCode: string | null
  shipping: {
    name: string
    zoneName: string | null
    deliveryEstimate: string | null
    price: string
  } | null
  shippingTotal: string
  taxes: Array<{
    name: string
    country: string
    taxClass: string
    rate: string
    base: string
    amount: string
  }>
  taxTotal: string
  pricesIncludeTax: boolean
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

/**
 * A rate in basis points of a percent as the API writes it: 2000 -> "20.00"
 * (the same digits as minor units).
 */
const percent = (rateBp: number) => toDecimalString(rateBp)

/**
 * The pricing part of the page, from the order's snapshot columns and its
 * `pricing` JSON (#domain/order_pricing); an order without a snapshot
 * (before issue 19) shows its subtotal and total only, as before.
 */
function pricingOf(order: Order) {
  const pricing = order.pricing
  const shippingName = pricing?.shipping?.name ?? order.shippingMethodName
  return {
    discounts: (pricing?.discounts ?? []).map((discount) => ({
      name: discount.name,
      code: discount.code,
      level: discount.level,
      amount: toDecimalString(discount.amount),
    })),
    discountTotal: toDecimalString(order.discountTotal ?? 0),
    couponCode: order.couponCode ?? null,
    shipping: shippingName
      ? {
          name: shippingName,
          zoneName: pricing?.shipping?.zoneName ?? null,
          deliveryEstimate: pricing?.shipping?.deliveryEstimate || null,
          price: toDecimalString(order.shippingTotal ?? 0),
        }
      : null,
    shippingTotal: toDecimalString(order.shippingTotal ?? 0),
    taxes: (pricing?.taxes ?? []).map((tax) => ({
      name: tax.name,
      country: tax.country,
      taxClass: tax.taxClass,
      rate: percent(tax.rateBp),
      base: toDecimalString(tax.base),
      amount: toDecimalString(tax.amount),
    })),
    taxTotal: toDecimalString(order.taxTotal ?? 0),
    pricesIncludeTax: Boolean(order.pricesIncludeTax),
  }
}

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
    ...pricingOf(order),
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

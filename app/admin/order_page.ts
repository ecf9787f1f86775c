import { randomUUID } from 'node:crypto'
import type { ActionContext, ActionResponse, After, RecordJSON } from 'adminjs'
import Order from '#models/order'
import type { OrderStatus } from '#models/order'
import OrderEvent from '#models/order_event'
import Payment from '#models/payment'
import PaymentRefund from '#models/payment_refund'
import type { PaymentStatus } from '#domain/payment_status'
import { isPayable, refundable } from '#domain/payment_status'
import { serializeOrderPayment } from '#serializers/order_serializer'
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
  payment: OrderPagePayment
  events: Array<{
    id: number
    type: string
    from: string | null
    to: string | null
    actorRole: string
    /**
     * A payment event's amount (decimal) and note.
     */
    amount: string | null
    note: string | null
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

/**
 * Issue 20: the order's payment as staff work with it. Amounts are
 * decimals in the order's currency; `forms` says which payment forms
 * apply now (the service still decides: a form sent anyway is refused on
 * the form). `refundKey` is the refund form's one-time key, new each time
 * the page is drawn: the same form sent twice (a double-click) makes one
 * refund.
 */
export interface OrderPagePayment {
  status: PaymentStatus
  method: { code: string; name: string; provider: string; payOnDelivery: boolean } | null
  amountPaid: string
  amountRefunded: string
  amountDue: string
  refundable: string
  expiresAt: string | null
  paidAt: string | null
  payments: Array<{
    id: number
    provider: string
    status: string
    amount: string
    amountReceived: string
    reference: string | null
    providerRef: string | null
    failureMessage: string | null
    at: string
  }>
  refunds: Array<{
    id: number
    provider: string
    status: string
    amount: string
    reason: string | null
    reference: string | null
    actorRole: string
    failureMessage: string | null
    at: string
    completedAt: string | null
    /**
     * A pending refund of a manual method: staff send the money and mark
     * it sent with its reference.
     */
    canComplete: boolean
  }>
  forms: { recordPayment: boolean; refund: boolean; capture: boolean }
  /**
   * A refund of a manual method is sent by staff: the form asks for its
   * reference (a transfer's, a receipt's).
   */
  refundNeedsReference: boolean
  refundKey: string
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

const iso = (value: { toISO(): string | null } | null | undefined) => value?.toISO() ?? null

/**
 * The payment part of the page: the amounts as the API shows them
 * (serializeOrderPayment), the attempts and refunds, and which forms
 * apply.
 */
async function paymentOf(order: Order): Promise<OrderPagePayment> {
  const [attempts, refunds] = await Promise.all([
    Payment.query().where('order_id', order.id).orderBy('id'),
    PaymentRefund.query().where('order_id', order.id).orderBy('id'),
  ])
  const shown = serializeOrderPayment(order)
  const paid = Number(order.amountPaid ?? 0)
  const refunded = Number(order.amountRefunded ?? 0)
  const pending = refunds
    .filter((refund) => refund.status === 'pending')
    .reduce((sum, refund) => sum + Number(refund.amount), 0)
  const left = refundable(paid, refunded, pending)
  const status = order.paymentStatus ?? 'unpaid'
  const cancelled = order.status === 'cancelled'
  // Refunds go back the way the last money came (#services/payment_service).
  const lastReceived = attempts.filter((attempt) => attempt.status === 'succeeded').at(-1)
  return {
    status,
    method: order.paymentMethodCode
      ? {
          code: order.paymentMethodCode,
          name: order.paymentMethodName ?? order.paymentMethodCode,
          provider: order.paymentProvider ?? 'manual',
          payOnDelivery: Boolean(order.payOnDelivery),
        }
      : null,
    amountPaid: shown.amount_paid,
    amountRefunded: shown.amount_refunded,
    amountDue: shown.amount_due,
    refundable: toDecimalString(left),
    expiresAt: shown.expires_at,
    paidAt: shown.paid_at,
    payments: attempts.map((attempt) => ({
      id: attempt.id,
      provider: attempt.provider,
      status: attempt.status,
      amount: toDecimalString(Number(attempt.amount)),
      amountReceived: toDecimalString(Number(attempt.amountReceived ?? 0)),
      reference: attempt.reference,
      providerRef: attempt.providerRef,
      failureMessage: attempt.failureMessage,
      at: iso(attempt.createdAt) ?? '',
    })),
    refunds: refunds.map((refund) => ({
      id: refund.id,
      provider: refund.provider,
      status: refund.status,
      amount: toDecimalString(Number(refund.amount)),
      reason: refund.reason,
      reference: refund.reference,
      actorRole: refund.actorRole,
      failureMessage: refund.failureMessage,
      at: iso(refund.createdAt) ?? '',
      completedAt: iso(refund.completedAt),
      canComplete: refund.status === 'pending' && refund.provider === 'manual',
    })),
    forms: {
      // Money staff receive by hand: a manual method's (an order with no
      // method is paid outside the shop, as before issue 20).
      recordPayment: order.paymentProvider === 'manual' && !cancelled && isPayable(status),
      refund: left > 0,
      capture: status === 'authorized' && !cancelled,
    },
    refundNeedsReference: (lastReceived?.provider ?? 'manual') === 'manual',
    refundKey: randomUUID(),
  }
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
    payment: await paymentOf(order),
    events: events.map((event) => ({
      id: event.id,
      type: event.type,
      from: event.fromStatus,
      to: event.toStatus,
      actorRole: event.actorRole,
      amount:
        event.amount === null || event.amount === undefined
          ? null
          : toDecimalString(Number(event.amount)),
      note: event.note ?? null,
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

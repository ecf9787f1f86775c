import type Order from '#models/order'
import type OrderItem from '#models/order_item'
import type OrderEvent from '#models/order_event'
import type PaymentRefund from '#models/payment_refund'
import { PAYMENT_STATUSES, REFUND_STATUSES } from '#domain/payment_status'
import { toDecimalString } from '#domain/money'
import { ORDER_STATUSES } from '#models/order'
import {
  percent,
  quoteSchemas,
  serializeDiscount,
  serializeTaxLine,
} from '#serializers/quote_serializer'
import {
  arrayOf,
  boolean,
  dateTime,
  integer,
  money,
  nullable,
  object,
  ref,
  string,
} from '#serializers/json_schema'
import { isoTimestamp } from '#serializers/timestamp'

const iso = isoTimestamp

export function serializeOrderItem(item: OrderItem) {
  return {
    product_id: item.productId,
    variant_id: item.variantId,
    sku: item.sku,
    product_name: item.productName,
    variant_title: item.variantTitle,
    unit_price: toDecimalString(item.unitPrice),
    quantity: item.quantity,
    line_total: toDecimalString(item.lineTotal),
    discount: toDecimalString(item.discountTotal ?? 0),
    tax_rate: percent(item.taxRateBp ?? 0),
    tax: toDecimalString(item.taxTotal ?? 0),
  }
}

/**
 * An order as the API shows it: money as decimal strings, the shipping
 * address as it was at checkout, the lines when preloaded.
 */
export function serializeOrder(order: Order) {
  const items = (order.$preloaded.items ?? []) as OrderItem[]
  const shipping = order.pricing?.shipping ?? null
  return {
    number: order.number,
    status: order.status,
    user_id: order.userId,
    currency: order.currency,
    subtotal: toDecimalString(order.subtotal),
    discount_total: toDecimalString(order.discountTotal ?? 0),
    shipping_total: toDecimalString(order.shippingTotal ?? 0),
    tax_total: toDecimalString(order.taxTotal ?? 0),
    total: toDecimalString(order.total),
    prices_include_tax: Boolean(order.pricesIncludeTax),
    coupon_code: order.couponCode ?? null,
    shipping_method: shipping
      ? {
          id: shipping.methodId,
          name: shipping.name,
          zone: shipping.zoneName,
          delivery_estimate: shipping.deliveryEstimate,
          price: toDecimalString(shipping.price),
        }
      : null,
    discounts: (order.pricing?.discounts ?? []).map(serializeDiscount),
    taxes: (order.pricing?.taxes ?? []).map(serializeTaxLine),
    item_count: order.itemCount,
    shipping_address: {
      full_name: order.shipFullName,
      phone: order.shipPhone,
      line1: order.shipLine1,
      line2: order.shipLine2,
      city: order.shipCity,
      postal_code: order.shipPostalCode,
      country: order.shipCountry,
    },
    items: [...items]
      .sort((a, b) => a.productId - b.productId || a.variantId - b.variantId)
      .map(serializeOrderItem),
    created_at: iso(order.createdAt),
    updated_at: iso(order.updatedAt),
    shipped_at: iso(order.shippedAt),
    delivered_at: iso(order.deliveredAt),
    cancelled_at: iso(order.cancelledAt),
    invoice_number: order.invoiceNumber ?? null,
    payment_status: order.paymentStatus ?? 'unpaid',
    payment: serializeOrderPayment(order),
  }
}

/**
 * The order's payment (issue 20): method, amounts, deadline, and the
 * refunds when they were loaded (single-order reads).
 */
export function serializeOrderPayment(order: Order) {
  const paid = Number(order.amountPaid ?? 0)
  const refunded = Number(order.amountRefunded ?? 0)
  const refunds = order.$preloaded.refunds as PaymentRefund[] | undefined
  return {
    method: order.paymentMethodCode ?? null,
    method_name: order.paymentMethodName ?? null,
    provider: order.paymentProvider ?? null,
    pay_on_delivery: Boolean(order.payOnDelivery),
    amount_paid: toDecimalString(paid),
    amount_refunded: toDecimalString(refunded),
    amount_due: toDecimalString(
      ['expired', 'refunded', 'partially_refunded'].includes(order.paymentStatus) ||
        order.status === 'cancelled'
        ? 0
        : Math.max(0, order.total - paid)
    ),
    expires_at: iso(order.paymentExpiresAt ?? null),
    paid_at: iso(order.paidAt ?? null),
    ...(refunds ? { refunds: refunds.map(serializeRefund) } : {}),
  }
}

export function serializeRefund(refund: PaymentRefund) {
  return {
    id: refund.id,
    amount: toDecimalString(Number(refund.amount)),
    currency: refund.currency,
    status: refund.status,
    reason: refund.reason,
    reference: refund.reference,
    created_at: iso(refund.createdAt),
    completed_at: iso(refund.completedAt),
  }
}

/**
 * An order event as the API and the real-time channels show it; the id
 * is the row id, which `?after=` pages on.
 */
export function serializeOrderEvent(event: OrderEvent, orderNumber: string) {
  return {
    id: event.id,
    order_number: orderNumber,
    type: event.type,
    from: event.fromStatus,
    to: event.toStatus,
    actor_role: event.actorRole,
    ...(event.type === 'low_stock' ? { product_id: event.productId, stock: event.stock } : {}),
    ...(event.type === 'payment'
      ? {
          amount: event.amount === null ? null : toDecimalString(Number(event.amount)),
          note: event.note,
        }
      : {}),
    at: iso(event.createdAt),
  }
}

/**
 * The OpenAPI schemas of the functions above.
 */
export const orderSchemas = {
  // The quote's schemas (Discount, TaxLine, ShippingOption, Quote) are
  // the order's too.
  ...quoteSchemas,
  OrderItem: object({
    product_id: integer,
    variant_id: integer,
    sku: { ...string, description: "The variant's SKU at checkout." },
    product_name: { ...string, description: "The product's name at checkout." },
    variant_title: {
      ...string,
      description: 'The variant\'s title at checkout ("M / red"; "Default" without options).',
    },
    unit_price: money,
    quantity: { type: 'integer', minimum: 1 },
    line_total: { ...money, description: 'unit_price x quantity, before discounts.' },
    discount: {
      ...money,
      description: "The line's discount plus its share of the order discount.",
    },
    tax_rate: { type: 'string', examples: ['20.00'] },
    tax: money,
  }),
  Order: object({
    number: { type: 'string', examples: ['SO-261122-7K3QX9PA'] },
    status: { type: 'string', enum: [...ORDER_STATUSES] },
    user_id: integer,
    currency: string,
    subtotal: money,
    discount_total: money,
    shipping_total: money,
    tax_total: {
      ...money,
      description: 'All tax; with prices_include_tax, the part of the total that is tax.',
    },
    total: money,
    prices_include_tax: boolean,
    coupon_code: nullable(string),
    shipping_method: nullable(ref('ShippingOption')),
    discounts: arrayOf(ref('Discount')),
    taxes: arrayOf(ref('TaxLine')),
    item_count: integer,
    shipping_address: object({
      full_name: nullable(string),
      phone: nullable(string),
      line1: nullable(string),
      line2: nullable(string),
      city: nullable(string),
      postal_code: nullable(string),
      country: nullable(string),
    }),
    items: arrayOf(ref('OrderItem')),
    created_at: dateTime,
    updated_at: dateTime,
    shipped_at: nullable(dateTime),
    delivered_at: nullable(dateTime),
    cancelled_at: nullable(dateTime),
    /**
     * Given when the invoice is first issued (GET .../invoice); a gapless
     * sequence per year.
     */
    invoice_number: nullable({ type: 'string', examples: ['2026-000001'] }),
    payment_status: {
      type: 'string',
      enum: [...PAYMENT_STATUSES],
      description:
        'The payment state, separate from `status` (fulfilment): unpaid -> authorized -> paid -> ' +
        'partially_refunded -> refunded; failed (an attempt failed: pay again); expired (unpaid ' +
        'when its window closed: the order was cancelled).',
    },
    payment: ref('OrderPayment'),
  }),
  OrderPayment: object(
    {
      method: { ...nullable(string), description: "The payment method's code; null: none." },
      method_name: nullable(string),
      provider: nullable({ type: 'string', enum: ['manual', 'stripe'] }),
      pay_on_delivery: boolean,
      amount_paid: money,
      amount_refunded: money,
      amount_due: { ...money, description: 'What is still to pay (0 once paid or closed).' },
      expires_at: {
        ...nullable(dateTime),
        description: 'An unpaid order expires (and is cancelled) then; null: never.',
      },
      paid_at: nullable(dateTime),
      refunds: arrayOf(ref('Refund')),
    },
    ['refunds']
  ),
  Refund: object({
    id: integer,
    amount: money,
    currency: string,
    status: { type: 'string', enum: [...REFUND_STATUSES] },
    reason: nullable(string),
    reference: nullable(string),
    created_at: dateTime,
    completed_at: nullable(dateTime),
  }),
  OrderEvent: {
    ...object(
      {
        id: integer,
        order_number: string,
        type: { type: 'string', enum: ['status', 'low_stock', 'payment'] },
        from: nullable({ type: 'string', enum: [...ORDER_STATUSES, ...PAYMENT_STATUSES] }),
        to: nullable({ type: 'string', enum: [...ORDER_STATUSES, ...PAYMENT_STATUSES] }),
        actor_role: { type: 'string', enum: ['customer', 'staff', 'admin', 'system'] },
        product_id: integer,
        stock: integer,
        amount: nullable(money),
        note: nullable(string),
        at: dateTime,
      },
      ['product_id', 'stock', 'amount', 'note']
    ),
    description:
      'Something that happened to an order: a `status` change (`from` -> `to`; a new order is ' +
      '`null` -> `pending`), or `low_stock` (staff only: a line took `product_id` to `stock`, at ' +
      'or below its threshold), or `payment` (`from` -> `to` are payment states, with the ' +
      '`amount` that moved and a `note`).',
  },
}

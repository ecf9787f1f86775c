import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column, hasMany } from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import User from '#models/user'
import OrderItem from '#models/order_item'
import OrderEvent from '#models/order_event'
import PaymentRefund from '#models/payment_refund'
import Payment from '#models/payment'
import '#infrastructure/pg_bigint'
import { jsonColumn } from '#models/json_column'
import type { OrderPricing } from '#domain/order_pricing'
import type { PaymentProviderName, PaymentStatus } from '#domain/payment_status'

export const ORDER_STATUSES = ['pending', 'shipped', 'delivered', 'cancelled'] as const
export type OrderStatus = (typeof ORDER_STATUSES)[number]

export default class Order extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  /**
   * Readable and unique, e.g. "SO-261122-7KQ3MZ4P": what customers and
   * staff quote, and what the routes take.
   */
  @column()
  declare number: string

  @column()
  declare userId: number

  @column()
  declare status: OrderStatus

  @column()
  declare currency: string

  /**
   * Integer minor units.
   */
  @column()
  declare subtotal: number

  @column()
  declare total: number

  /**
   * The pricing snapshot (issue 19), integer minor units: every discount
   * (lines, order, shipping), the shipping method's price, and the tax
   * (with prices entered with tax, the part of the total that is tax).
   */
  @column()
  declare discountTotal: number

  @column()
  declare shippingTotal: number

  @column()
  declare taxTotal: number

  @column({ consume: (value) => Boolean(value) })
  declare pricesIncludeTax: boolean

  @column()
  declare shippingMethodId: number | null

  @column()
  declare shippingMethodName: string | null

  @column()
  declare couponCode: string | null

  /**
   * What the order was charged, as priced at checkout: the discounts with
   * their promotions, tax per rate, the shipping method. Null for orders
   * placed before issue 19.
   */
  @column(jsonColumn<OrderPricing | null>(null))
  declare pricing: OrderPricing | null

  @column()
  declare itemCount: number

  /**
   * The payment state (issue 20), separate from fulfilment (`status`):
   * see #domain/payment_status. With no payment method the order is paid
   * outside the system (orders placed before issue 20, or a shop with no
   * payment method configured).
   */
  @column()
  declare paymentStatus: PaymentStatus

  @column()
  declare paymentMethodId: number | null

  @column()
  declare paymentMethodCode: string | null

  @column()
  declare paymentMethodName: string | null

  @column()
  declare paymentProvider: PaymentProviderName | null

  @column({ consume: (value) => Boolean(value) })
  declare payOnDelivery: boolean

  /**
   * Minor units received and refunded.
   */
  @column()
  declare amountPaid: number

  @column()
  declare amountRefunded: number

  /**
   * An unpaid order expires then (null: never).
   */
  @column.dateTime()
  declare paymentExpiresAt: DateTime | null

  @column.dateTime()
  declare paidAt: DateTime | null

  @column()
  declare shipFullName: string

  @column()
  declare shipPhone: string | null

  @column({ columnName: 'ship_line1' })
  declare shipLine1: string

  @column({ columnName: 'ship_line2' })
  declare shipLine2: string | null

  @column()
  declare shipCity: string

  @column()
  declare shipPostalCode: string

  @column()
  declare shipCountry: string

  /**
   * The invoice's number (`2026-000001`), set when the invoice is first
   * issued (InvoiceService.issue); null until then.
   */
  @column()
  declare invoiceNumber: string | null

  @column.dateTime()
  declare shippedAt: DateTime | null

  @column.dateTime()
  declare deliveredAt: DateTime | null

  @column.dateTime()
  declare cancelledAt: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => User)
  declare user: BelongsTo<typeof User>

  @hasMany(() => OrderItem)
  declare items: HasMany<typeof OrderItem>

  @hasMany(() => OrderEvent)
  declare events: HasMany<typeof OrderEvent>

  @hasMany(() => PaymentRefund)
  declare refunds: HasMany<typeof PaymentRefund>

  @hasMany(() => Payment)
  declare payments: HasMany<typeof Payment>
}

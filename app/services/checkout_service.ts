import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { RawQueryBindings } from '@adonisjs/lucid/types/querybuilder'
import type User from '#models/user'
import Order from '#models/order'
import OrderItem from '#models/order_item'
import type { CheckoutInput } from '#validators/order'
import { ApiError } from '#exceptions/api_error'
import { OrderEvents } from '#events/order_events'
import {
  InsufficientStockError,
  StockService,
  type OrderLineSale,
  type SaleRow,
  type Shortage,
} from '#services/stock_service'
import { newOrderNumber } from '#services/order_number'
import { MAX_LINE_TOTAL, MAX_ORDER_TOTAL, toDecimalString, toMinorUnits } from '#domain/money'
import { mergeLines, type Line } from '#domain/cart_lines'
import {
  LineVariants,
  variantsForSaleQuery,
  variantsFrom,
  type LineRequest,
  type VariantForSale,
} from '#services/line_variants'
import { variantLabel } from '#services/stock_service'
import {
  PricingService,
  assertForSale,
  ruleQueries,
  rulesFrom,
  checkQuantities,
  shippingUnavailable,
} from '#services/pricing_service'
import type { Quote } from '#domain/pricing'
import { orderPricing } from '#domain/order_pricing'
import { serializeQuote } from '#serializers/quote_serializer'
import type { PaymentProviderName } from '#domain/payment_status'
import { readTogether } from '#services/read_together'
import { activeEndpoints, type ActiveEndpoint } from '#services/webhook_outbox'
import { JobQueue } from '#services/job_queue'
import { paymentProvider } from '#services/payments/providers'

/**
 * What checkout keeps of the payment method the order names.
 */
interface CheckoutPaymentMethod {
  id: number
  code: string
  name: string
  provider: PaymentProviderName
  payOnDelivery: boolean
  expiresAfterMinutes: number | null
}

/**
 * A Lucid row's preparation of its attributes for the database (what
 * `save()` inserts), public on every model but not in its type.
 */
interface Preparable {
  prepareForAdapter(attributes: Record<string, unknown>): Record<string, unknown>
}

/**
 * Checkout: one transaction that turns a cart (or the lines in the body)
 * into a pending order, or changes nothing. It returns the order (with
 * its lines) and throws domain errors (ApiError subclasses); answering
 * over HTTP, and Idempotency-Key, belong to the controller.
 */
export class CheckoutService {
  constructor(protected pricing: PricingService = new PricingService()) {}

  /**
   * Places the order in `trx` when given (the caller's transaction, e.g.
   * the one that records an Idempotency-Key's answer), else in a
   * transaction of its own.
   */
  placeOrder(user: User, input: CheckoutInput, trx?: TransactionClientContract): Promise<Order> {
    if (!trx) {
      return db.transaction((own) => this.placeOrderIn(user, input, own))
    }
    return this.placeOrderIn(user, input, trx)
  }

  /**
   * In `trx`: lock the lines' products in id order, check every line
   * (naming every short variant), create the order and its lines (each line takes
   * its stock), record the `pending` event and empty the cart when it was
   * the source.
   *
   * What leaves once `trx` commits (nothing if it rolls back):
   * `order:placed` (the `pending` order event), `stock:changed` (the new
   * levels) and `stock:low` for a line that crossed its product's
   * threshold.
   */
  private async placeOrderIn(user: User, input: CheckoutInput, trx: TransactionClientContract) {
    const fromCart = !input.items
    const lines = input.items
      ? mergeLines(await LineVariants.resolve(trx, input.items as LineRequest[]))
      : await this.pricing.cartLines(trx, user.id, true)
    if (!lines.length) {
      throw new ApiError(422, 'E_CART_EMPTY', 'The cart is empty', [
        { code: 'E_CART_EMPTY', message: 'The cart is empty', field: 'items' },
      ])
    }
    checkQuantities(lines)
    // The lines' products locked (PostgreSQL), then, in ONE round trip
    // (readTogether), what checkout decides with: the variants as they are
    // once locked, the active payment methods, the pricing rules for the
    // country the order ships to and the active webhook endpoints (issue
    // 22: each was a round trip of its own).
    const ids = lines.map((line) => line.variantId)
    await this.lockProducts(ids, trx)
    const country = input.shipping_address?.country ?? user.addressCountry ?? null
    const decideWith = {
      variants: variantsForSaleQuery(trx, ids),
      paymentMethods: trx
        .from('payment_methods')
        .where('is_active', true)
        .select(
          'id',
          'code',
          'name',
          'provider',
          'pay_on_delivery',
          'expires_after_minutes',
          'position'
        ),
      ...ruleQueries(trx, country),
    }
    // The endpoints go into the order's one statement (PostgreSQL); on
    // SQLite the order's model hook reads them itself.
    const reads =
      trx.dialect.name === 'postgres'
        ? await readTogether(trx, { ...decideWith, webhookEndpoints: activeEndpoints(trx) })
        : { ...(await readTogether(trx, decideWith)), webhookEndpoints: [] }
    const method = this.paymentMethod(reads.paymentMethods, input.payment_method)
    const variants = new Map(variantsFrom(reads.variants).map((row) => [row.id, row]))
    assertForSale(lines, variants)
    const shortages: Shortage[] = []
    for (const line of lines) {
      const variant = variants.get(line.variantId)!
      if (variant.stock < line.quantity) {
        shortages.push({
          product_id: variant.product_id,
          variant_id: variant.id,
          sku: variant.sku,
          name: variantLabel(variant),
          requested: line.quantity,
          available: variant.stock,
        })
      }
    }
    if (shortages.length) {
      throw new InsufficientStockError(shortages)
    }

    const address = this.shippingAddress(user, input)
    this.checkTotals(lines, variants)
    // The same pricing as the quote, with the rules read in this
    // transaction and the counted promotions locked (issue 19).
    const priced = await this.pricing.price(
      trx,
      user,
      lines,
      variants,
      {
        country: address.shipCountry,
        shippingMethodId: input.shipping_method_id ?? null,
        couponCode: input.coupon_code ?? null,
      },
      {
        fresh: true,
        lock: true,
        // Read above for the same country (the address's, or the profile's).
        rules: address.shipCountry === country ? rulesFrom(reads, country) : undefined,
      }
    )
    const { quote } = priced
    if (quote.coupon && !quote.coupon.applied) {
      const message = quote.coupon.message!
      throw new ApiError(422, 'E_COUPON_REFUSED', message, [
        { code: 'E_COUPON_REFUSED', message, field: 'coupon_code', reason: quote.coupon.reason },
      ])
    }
    if (quote.shippingRefusal) {
      throw shippingUnavailable(quote, priced.country)
    }
    if (input.expected_total !== undefined && toMinorUnits(input.expected_total) !== quote.total) {
      const message = `The order now totals ${toDecimalString(quote.total)}, not ${input.expected_total}: check the new quote and send its total`
      throw new ApiError(409, 'E_QUOTE_CHANGED', message, [
        {
          code: 'E_QUOTE_CHANGED',
          message,
          field: 'expected_total',
          quote: serializeQuote(priced),
        },
      ])
    }
    if (quote.total > MAX_ORDER_TOTAL) {
      const message = `An order may total at most ${toDecimalString(MAX_ORDER_TOTAL)}; this one totals ${toDecimalString(quote.total)}: split it into several orders`
      throw new ApiError(422, 'E_VALIDATION_ERROR', message, [
        { code: 'E_ORDER_TOTAL_TOO_HIGH', message, field: 'items' },
      ])
    }

    // The shop's currency as its Settings say now (admins edit it in the panel).
    const values: Partial<Order> = {
      // 40 random bits per day: a clash is a one in 10^12 event, and the
      // unique index turns it into a 409 the client may retry.
      number: newOrderNumber(),
      userId: user.id,
      status: 'pending',
      currency: priced.currency,
      subtotal: quote.subtotal,
      discountTotal: quote.discountTotal,
      shippingTotal: quote.shippingTotal,
      taxTotal: quote.taxTotal,
      total: quote.total,
      pricesIncludeTax: quote.pricesIncludeTax,
      shippingMethodId: quote.shippingMethod?.id ?? null,
      shippingMethodName: quote.shippingMethod?.name ?? null,
      couponCode: quote.coupon?.applied ? quote.coupon.code : null,
      pricing: orderPricing(quote),
      itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
      ...address,
      paymentStatus: 'unpaid',
      paymentMethodId: method?.id ?? null,
      paymentMethodCode: method?.code ?? null,
      paymentMethodName: method?.name ?? null,
      paymentProvider: method?.provider ?? null,
      payOnDelivery: method?.payOnDelivery ?? false,
      amountPaid: 0,
      amountRefunded: 0,
      paymentExpiresAt: method?.expiresAfterMinutes
        ? DateTime.now().plus({ minutes: method.expiresAfterMinutes })
        : null,
    }
    const actor = { actorId: user.id, actorRole: user.role }
    const sales = this.sales(lines, variants, quote)
    const { order, items } =
      trx.dialect.name === 'postgres'
        ? await this.insertOrderWithLines(
            trx,
            values,
            actor,
            sales,
            reads.webhookEndpoints.map((row) => ({
              id: Number(row.id),
              events: String(row.events),
            }))
          )
        : await this.insertOrderThenLines(trx, values, actor, sales, variants)
    if (method?.expiresAfterMinutes) {
      // The unpaid order expires when its window closes (issue 20).
      await JobQueue.enqueue(
        'payment.expire',
        { orderId: order.id },
        {
          trx,
          key: `payment.expire:${order.id}`,
          delayMs: method.expiresAfterMinutes * 60_000,
        }
      )
    }
    await this.pricing.redeem(trx, user.id, order.id, priced)
    if (fromCart) {
      await trx
        .from('cart_items')
        .whereIn('cart_id', trx.from('carts').where('user_id', user.id).select('id'))
        .delete()
    }
    order.$setRelated('items', items)
    return order
  }

  /**
   * What each line keeps (a snapshot of what was bought: the product's
   * name, the variant's title and SKU, the unit price, its discount and
   * tax), in the lines' (variant id) order.
   */
  private sales(lines: Line[], variants: Map<number, VariantForSale>, quote: Quote) {
    return lines.map((line, index): OrderLineSale => {
      const variant = variants.get(line.variantId)!
      const priced = quote.lines[index]
      return {
        variantId: variant.id,
        productName: variant.name,
        variantTitle: variant.title,
        sku: variant.sku,
        unitPrice: Number(variant.price),
        quantity: line.quantity,
        discountTotal: priced.discount,
        taxTotal: priced.tax,
        taxRateBp: priced.taxRateBp,
      }
    })
  }

  /**
   * PostgreSQL: the order, its `pending` event and its lines in ONE
   * statement (data-modifying CTEs): StockService.orderLinesStatement
   * takes each line's units with its guarded decrement, writes the ledger
   * rows and the products' units, and inserts a line only where its units
   * were taken (a shortfall throws InsufficientStockError naming every
   * short line, and the transaction rolls back the rest). The answer is
   * built from the values written, no row is read back. What leaves after
   * commit is what the model path raises: `order:placed`, `stock:changed`,
   * `stock:low` past a threshold.
   */
  private async insertOrderWithLines(
    trx: TransactionClientContract,
    values: Partial<Order>,
    actor: { actorId: number; actorRole: User['role'] },
    sales: OrderLineSale[],
    endpoints: ActiveEndpoint[]
  ) {
    const order = new Order()
    order.useTransaction(trx)
    order.merge(values)
    const now = DateTime.now()
    order.createdAt = now
    order.updatedAt = now
    // The row as Order.create would insert it (column names, prepared
    // values: dates in the dialect's format, the pricing as JSON), through
    // the model's own (untyped) adapter preparation.
    const row = (order as unknown as Preparable).prepareForAdapter(order.$attributes)
    const insert = trx.knexQuery().table('orders').insert(row).toSQL()
    const orderId = '(select id from o)'
    const event = OrderEvents.placedInsert(
      trx,
      { orderNumber: order.number, userId: order.userId },
      actor,
      orderId,
      endpoints
    )
    const sale = StockService.orderLinesStatement(trx, sales, orderId, [])
    const result = (await trx.rawQuery(
      `with o as (${insert.sql} returning id), e as (${event.sql}), mail as (${event.mail.sql}),
       ${sale.ctes}
       select o.id as order_id, e.id as event_id, ${sale.columns}
       from o cross join e left join (${sale.from}) on true`,
      [
        ...insert.bindings,
        ...event.bindings,
        ...event.mail.bindings,
        ...sale.bindings,
      ] as unknown as RawQueryBindings
    )) as { rows: Array<SaleRow & { order_id: number; event_id: number }> }
    const [first] = result.rows
    order.id = Number(first.order_id)
    order.$isPersisted = true
    await event.announce({ orderId: order.id, eventId: Number(first.event_id) })
    const sold = await StockService.orderLinesSold(
      trx,
      { orderId: order.id, orderNumber: order.number, userId: order.userId },
      sales,
      result.rows
    )
    const items = sold.map((line) => {
      const item = new OrderItem()
      item.merge({
        id: line.itemId,
        orderId: order.id,
        productId: line.productId,
        variantId: line.variantId,
        productName: line.productName,
        variantTitle: line.variantTitle,
        sku: line.sku,
        unitPrice: line.unitPrice,
        quantity: line.quantity,
        lineTotal: line.unitPrice * line.quantity,
        discountTotal: line.discountTotal,
        taxTotal: line.taxTotal,
        taxRateBp: line.taxRateBp,
        createdAt: now,
      })
      item.$isPersisted = true
      return item
    })
    return { order, items }
  }

  /**
   * Elsewhere (SQLite): the order through its model, its `pending` event,
   * then each line through the OrderItem model, whose create hook takes
   * its stock (StockService.takeForOrderLine; a shortfall throws).
   */
  private async insertOrderThenLines(
    trx: TransactionClientContract,
    values: Partial<Order>,
    actor: { actorId: number; actorRole: User['role'] },
    sales: OrderLineSale[],
    variants: Map<number, VariantForSale>
  ) {
    const order = await Order.create(values, { client: trx })
    await OrderEvents.placed(
      trx,
      { orderId: order.id, orderNumber: order.number, userId: order.userId },
      actor
    )
    const items: OrderItem[] = []
    for (const sale of sales) {
      const item = new OrderItem()
      item.productLocked = true
      item.useTransaction(trx)
      item.merge({
        orderId: order.id,
        productId: variants.get(sale.variantId)!.product_id,
        variantId: sale.variantId,
        productName: sale.productName,
        variantTitle: sale.variantTitle,
        sku: sale.sku,
        unitPrice: sale.unitPrice,
        quantity: sale.quantity,
        discountTotal: sale.discountTotal,
        taxTotal: sale.taxTotal,
        taxRateBp: sale.taxRateBp,
      })
      await item.save()
      items.push(item)
    }
    return { order, items }
  }

  /**
   * Every line and the subtotal within the documented ceilings (422
   * naming them otherwise; issue 14, finding 10). The priced total is
   * checked again once discounts, shipping and tax are known.
   */
  private checkTotals(lines: Line[], variants: Map<number, VariantForSale>) {
    let subtotal = 0
    const tooHigh = []
    for (const line of lines) {
      const variant = variants.get(line.variantId)!
      const lineTotal = Number(variant.price) * line.quantity
      subtotal += lineTotal
      if (lineTotal > MAX_LINE_TOTAL) {
        tooHigh.push({
          code: 'E_LINE_TOTAL_TOO_HIGH',
          message: `An order line may total at most ${toDecimalString(MAX_LINE_TOTAL)}: ${line.quantity} x ${toDecimalString(Number(variant.price))} of "${variantLabel(variant)}" is ${toDecimalString(lineTotal)}; order fewer units`,
          field: 'items',
          product_id: variant.product_id,
          variant_id: variant.id,
        })
      }
    }
    if (tooHigh.length) {
      throw new ApiError(422, 'E_VALIDATION_ERROR', tooHigh[0].message, tooHigh)
    }
    if (subtotal > MAX_ORDER_TOTAL) {
      const message = `An order may total at most ${toDecimalString(MAX_ORDER_TOTAL)}; this one totals ${toDecimalString(subtotal)}: split it into several orders`
      throw new ApiError(422, 'E_VALIDATION_ERROR', message, [
        { code: 'E_ORDER_TOTAL_TOO_HIGH', message, field: 'items' },
      ])
    }
  }

  /**
   * The products of these variants locked FOR UPDATE in product id order
   * (PostgreSQL): every writer of variants locks their product first
   * (StockService, VariantAdminService), so concurrent checkouts and staff
   * edits queue on the rows they share and never deadlock. The variants
   * are read after, in a statement of their own: a row read in the locking
   * statement could predate a restock committed while it waited for the
   * lock. (SQLite has no row locks; its writes are serialized, and the
   * guarded update still decides.)
   */
  private async lockProducts(ids: number[], trx: TransactionClientContract) {
    if (trx.dialect.name === 'postgres') {
      await trx
        .from('product_variants')
        .join('products', 'products.id', 'product_variants.product_id')
        .whereIn('product_variants.id', ids)
        .orderBy('products.id')
        .select('products.id')
        .forUpdate('products')
    }
  }

  private shippingAddress(user: User, input: CheckoutInput) {
    if (input.shipping_address) {
      const address = input.shipping_address
      return {
        shipFullName: address.full_name,
        shipPhone: address.phone ?? null,
        shipLine1: address.line1,
        shipLine2: address.line2 ?? null,
        shipCity: address.city,
        shipPostalCode: address.postal_code,
        shipCountry: address.country,
      }
    }
    const missing = (
      [
        ['full_name', user.fullName],
        ['line1', user.addressLine1],
        ['city', user.addressCity],
        ['postal_code', user.addressPostalCode],
        ['country', user.addressCountry],
      ] as const
    )
      .filter(([, value]) => !value)
      .map(([name]) => name)
    if (missing.length) {
      throw ApiError.unprocessable(
        `Send a shipping_address, or complete your profile's address first (missing: ${missing.join(', ')})`,
        'shipping_address'
      )
    }
    return {
      shipFullName: user.fullName!,
      shipPhone: user.phone,
      shipLine1: user.addressLine1!,
      shipLine2: user.addressLine2,
      shipCity: user.addressCity!,
      shipPostalCode: user.addressPostalCode!,
      shipCountry: user.addressCountry!,
    }
  }

  /**
   * The payment method checkout names (issue 20). A shop with no active
   * method takes payment outside the checkout, as before: no method. Once
   * one is active, `payment_method` must name an active one (422 listing
   * the accepted codes otherwise).
   */
  private paymentMethod(
    rows: Record<string, unknown>[],
    code: string | undefined
  ): CheckoutPaymentMethod | null {
    const active = rows
      .map((row) => ({
        id: Number(row.id),
        code: String(row.code),
        name: String(row.name),
        provider: row.provider as PaymentProviderName,
        payOnDelivery: Boolean(row.pay_on_delivery),
        expiresAfterMinutes:
          row.expires_after_minutes === null ? null : Number(row.expires_after_minutes),
        position: Number(row.position),
      }))
      .sort((a, b) => a.position - b.position || a.id - b.id)
    if (!active.length) {
      return null
    }
    const accepted = active.map((method) => method.code)
    if (code === undefined) {
      const message = `Choose how to pay: payment_method must be one of ${accepted.join(', ')}`
      throw new ApiError(422, 'E_PAYMENT_METHOD_REQUIRED', message, [
        { code: 'E_PAYMENT_METHOD_REQUIRED', message, field: 'payment_method', accepted },
      ])
    }
    const method = active.find((candidate) => candidate.code === code)
    if (!method || (method.provider === 'stripe' && !paymentProvider('stripe').configured())) {
      const usable = active
        .filter(
          (candidate) => candidate.provider !== 'stripe' || paymentProvider('stripe').configured()
        )
        .map((candidate) => candidate.code)
      const message = `The payment method "${code}" is not available: use one of ${usable.join(', ') || '(none right now)'}`
      throw new ApiError(422, 'E_PAYMENT_METHOD_UNAVAILABLE', message, [
        {
          code: 'E_PAYMENT_METHOD_UNAVAILABLE',
          message,
          field: 'payment_method',
          accepted: usable,
        },
      ])
    }
    return method
  }
}

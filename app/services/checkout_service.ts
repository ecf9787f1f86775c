import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import type User from '#models/user'
import Order from '#models/order'
import OrderItem from '#models/order_item'
import type { OrdersConfig } from '#config/orders'
import type { CheckoutInput } from '#validators/order'
import { ApiError } from '#exceptions/api_error'
import { OrderEvents } from '#events/order_events'
import { InsufficientStockError, type Shortage } from '#services/stock_service'
import { newOrderNumber } from '#services/order_number'
import { MAX_LINE_TOTAL, MAX_ORDER_TOTAL, toDecimalString } from '#services/money'
import { mergeLines, type Line } from '#domain/cart_lines'
import { currentShopSettings } from '#services/shop_settings_service'

interface LockedProduct {
  id: number
  name: string
  price: number
  stock: number
  is_active: boolean | number
}

/**
 * Checkout: one transaction that turns a cart (or the lines in the body)
 * into a pending order, or changes nothing. It returns the order (with
 * its lines) and throws domain errors (ApiError subclasses); answering
 * over HTTP, and Idempotency-Key, belong to the controller.
 */
export class CheckoutService {
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
   * In `trx`: lock the products in id order, check every line (naming
   * every short product), create the order and its lines (each line takes
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
      ? mergeLines(
          input.items.map((item) => ({ productId: item.product_id, quantity: item.quantity }))
        )
      : await this.cartLines(user.id, trx)
    if (!lines.length) {
      throw new ApiError(422, 'E_CART_EMPTY', 'The cart is empty', [
        { code: 'E_CART_EMPTY', message: 'The cart is empty', field: 'items' },
      ])
    }
    const maxQuantity = app.config.get<OrdersConfig>('orders').maxQuantityPerLine
    for (const line of lines) {
      if (line.quantity > maxQuantity) {
        throw ApiError.unprocessable(
          `At most ${maxQuantity} units of one product per order (product ${line.productId})`,
          'items'
        )
      }
    }

    const products = await this.lockProducts(
      lines.map((line) => line.productId),
      trx
    )
    const unavailable = lines.filter((line) => {
      const product = products.get(line.productId)
      return !product || !product.is_active
    })
    if (unavailable.length) {
      throw new ApiError(
        422,
        'E_VALIDATION_ERROR',
        'Some products do not exist or are not for sale',
        unavailable.map((line) => ({
          code: 'E_PRODUCT_UNAVAILABLE',
          message: `Product ${line.productId} does not exist or is not for sale`,
          field: 'items',
          product_id: line.productId,
        }))
      )
    }
    const shortages: Shortage[] = []
    for (const line of lines) {
      const product = products.get(line.productId)!
      if (product.stock < line.quantity) {
        shortages.push({
          product_id: product.id,
          name: product.name,
          requested: line.quantity,
          available: product.stock,
        })
      }
    }
    if (shortages.length) {
      throw new InsufficientStockError(shortages)
    }

    const address = this.shippingAddress(user, input)
    // The shop's currency as its Settings say now (admins edit it in the panel).
    const { currency } = await currentShopSettings(trx)
    const subtotal = this.checkTotals(lines, products)
    const order = await this.createOrder(trx, {
      userId: user.id,
      status: 'pending',
      currency,
      subtotal,
      total: subtotal,
      itemCount: lines.reduce((sum, line) => sum + line.quantity, 0),
      ...address,
    })
    await OrderEvents.placed(
      trx,
      { orderId: order.id, orderNumber: order.number, userId: user.id },
      { actorId: user.id, actorRole: user.role }
    )
    const items = await this.createLinesTakingStock(order, lines, products, trx)
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
   * The order's lines, in product id order. Creating a line takes its
   * stock: the OrderItem create hook calls StockService.takeForOrderLine (a
   * guarded decrement; a shortfall throws and aborts the order), which
   * raises `stock:changed` and, past the threshold, `stock:low`.
   */
  private async createLinesTakingStock(
    order: Order,
    lines: Line[],
    products: Map<number, LockedProduct>,
    trx: TransactionClientContract
  ) {
    const items: OrderItem[] = []
    for (const line of lines) {
      const product = products.get(line.productId)!
      const item = await OrderItem.create(
        {
          orderId: order.id,
          productId: product.id,
          productName: product.name,
          unitPrice: product.price,
          quantity: line.quantity,
        },
        { client: trx }
      )
      items.push(item)
    }
    return items
  }

  /**
   * The order's subtotal, once every line and the whole order are within
   * the documented ceilings (422 naming them otherwise; issue 14,
   * finding 10).
   */
  private checkTotals(lines: Line[], products: Map<number, LockedProduct>) {
    let subtotal = 0
    const tooHigh = []
    for (const line of lines) {
      const product = products.get(line.productId)!
      const lineTotal = Number(product.price) * line.quantity
      subtotal += lineTotal
      if (lineTotal > MAX_LINE_TOTAL) {
        tooHigh.push({
          code: 'E_LINE_TOTAL_TOO_HIGH',
          message: `An order line may total at most ${toDecimalString(MAX_LINE_TOTAL)}: ${line.quantity} x ${toDecimalString(Number(product.price))} of "${product.name}" is ${toDecimalString(lineTotal)}; order fewer units`,
          field: 'items',
          product_id: product.id,
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
    return subtotal
  }

  /**
   * The cart's lines, with the cart row locked so two checkouts of the
   * same cart cannot both turn it into an order.
   */
  private async cartLines(userId: number, trx: TransactionClientContract): Promise<Line[]> {
    const query = trx.from('carts').where('user_id', userId).select('id')
    if (trx.dialect.name === 'postgres') {
      query.forUpdate()
    }
    const cart = await query.first()
    if (!cart) {
      return []
    }
    const rows = await trx
      .from('cart_items')
      .where('cart_id', cart.id)
      .select('product_id', 'quantity')
    return mergeLines(rows.map((row) => ({ productId: row.product_id, quantity: row.quantity })))
  }

  /**
   * SELECT ... FOR UPDATE in id order, so concurrent checkouts queue on
   * the rows they share and never deadlock. (SQLite has no row locks; its
   * writes are serialized, and the guarded update still decides.)
   */
  private async lockProducts(ids: number[], trx: TransactionClientContract) {
    const query = trx
      .from('products')
      .whereIn('id', ids)
      .orderBy('id')
      .select('id', 'name', 'price', 'stock', 'is_active')
    if (trx.dialect.name === 'postgres') {
      query.forUpdate()
    }
    const rows: LockedProduct[] = await query
    return new Map(rows.map((row) => [row.id, row]))
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
   * Order numbers carry 40 random bits per day: a clash is a one in 10^12
   * event, and the unique index turns it into a 409 the client may retry.
   */
  private async createOrder(trx: TransactionClientContract, values: Partial<Order>) {
    return Order.create({ ...values, number: newOrderNumber() }, { client: trx })
  }
}

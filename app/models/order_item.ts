import { DateTime } from 'luxon'
import { BaseModel, beforeCreate, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import { StockService } from '#services/stock_service'
import '#infrastructure/pg_bigint'

export default class OrderItem extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare orderId: number

  @column()
  declare productId: number

  @column()
  declare variantId: number

  /**
   * Copied from the product at checkout.
   */
  @column()
  declare productName: string

  /**
   * Copied from the variant at checkout: its SKU and its title ("M / red";
   * "Default" for a product without options).
   */
  @column()
  declare sku: string

  @column()
  declare variantTitle: string

  /**
   * Integer minor units, copied from the variant at checkout.
   */
  @column()
  declare unitPrice: number

  @column()
  declare quantity: number

  /**
   * unit price x quantity (before discounts, as it always was).
   */
  @column()
  declare lineTotal: number

  /**
   * The line's discount (its line promotion plus its share of the order
   * discount) and its tax, at checkout (issue 19).
   */
  @column()
  declare discountTotal: number

  @column()
  declare taxTotal: number

  @column()
  declare taxRateBp: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  /**
   * Not a column: the creator already holds the lock on the line's
   * product row (checkout locks its products in id order first), so
   * taking the stock does not ask for it again.
   */
  productLocked = false

  @belongsTo(() => Product)
  declare product: BelongsTo<typeof Product>

  /**
   * Every order line takes its variant's stock, whoever creates it (the checkout,
   * the panel): a guarded decrement in the line's transaction, so a
   * shortfall aborts the whole order (StockService.takeForOrderLine, which
   * also records a crossed low-stock threshold). Caches and channels hear
   * about it after commit. Checkout on PostgreSQL inserts an order's
   * lines without the model, in the one statement that takes their stock
   * (StockService.orderLinesStatement inserts a line only for a variant
   * whose guarded decrement succeeded); every other writer comes here.
   */
  @beforeCreate()
  static async takeStock(item: OrderItem) {
    item.lineTotal = item.unitPrice * item.quantity
    await StockService.takeForOrderLine(item.$trx ?? db.connection(), {
      orderId: item.orderId,
      productId: item.productId,
      variantId: item.variantId,
      quantity: item.quantity,
      productLocked: item.productLocked,
    })
  }
}

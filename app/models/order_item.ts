import { DateTime } from 'luxon'
import { BaseModel, beforeCreate, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import OrderEvent from '#models/order_event'
import { StockService } from '#services/stock_service'
import { StockEvents } from '#services/stock_events'
import '#services/pg_bigint'

export default class OrderItem extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare orderId: number

  @column()
  declare productId: number

  /**
   * Copied from the product at checkout.
   */
  @column()
  declare productName: string

  /**
   * Integer minor units, copied from the product at checkout.
   */
  @column()
  declare unitPrice: number

  @column()
  declare quantity: number

  @column()
  declare lineTotal: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => Product)
  declare product: BelongsTo<typeof Product>

  /**
   * Every order line takes its stock, whoever creates it (the checkout,
   * the panel): a guarded decrement in the line's transaction, so a
   * shortfall aborts the whole order. A line that takes its product to or
   * below the low-stock threshold records a low-stock event for the order.
   * Catalog caches and stock listeners hear about it after commit.
   */
  @beforeCreate()
  static async takeStock(item: OrderItem) {
    const client = item.$trx ?? db.connection()
    item.lineTotal = item.unitPrice * item.quantity
    const level = await StockService.take(item.productId, item.quantity, client)
    if (level.crossedLowStock) {
      const order = await client
        .from('orders')
        .select('user_id', 'number')
        .where('id', item.orderId)
        .first()
      await OrderEvent.record(
        {
          orderId: item.orderId,
          userId: order.user_id,
          type: 'low_stock',
          actorRole: 'system',
          productId: item.productId,
          stock: level.stock,
        },
        order.number,
        client
      )
    }
    await StockEvents.changedAfterCommit(client, [
      { productId: item.productId, stock: level.stock },
    ])
  }
}

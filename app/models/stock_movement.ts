import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { STOCK_MOVEMENT_REASONS, type StockMovementReason } from '#domain/stock_ledger'

export { STOCK_MOVEMENT_REASONS, type StockMovementReason }

/**
 * One row of the stock ledger, written in the transaction of the change it
 * records: a variant's stock is always the sum of its movements' quantities.
 */
export default class StockMovement extends BaseModel {
  static table = 'stock_movements'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare variantId: number

  @column()
  declare productId: number

  @column()
  declare quantity: number

  @column()
  declare reason: StockMovementReason

  @column()
  declare orderId: number | null

  @column()
  declare userId: number | null

  @column()
  declare note: string | null

  @column()
  declare stockAfter: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}

import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * Why stock moved: a sale (an order line), a cancelled order's units put
 * back, a staff adjustment or a return, a CSV import, or the opening
 * balance of a new variant.
 */
export const STOCK_MOVEMENT_REASONS = [
  'initial',
  'sale',
  'cancellation',
  'adjustment',
  'import',
  'return',
] as const
export type StockMovementReason = (typeof STOCK_MOVEMENT_REASONS)[number]

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

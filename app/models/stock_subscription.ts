import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * A customer's "tell me when it is back in stock" request for a product
 * or one of its variants (BackInStockService): open while `notifiedAt` is null, ended once the
 * notice is queued.
 */
export default class StockSubscription extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare productId: number

  /**
   * The variant asked about; null for the product as a whole.
   */
  @column()
  declare variantId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare notifiedAt: DateTime | null
}

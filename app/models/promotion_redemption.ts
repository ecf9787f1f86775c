import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import '#infrastructure/pg_bigint'

/**
 * One use of a promotion by an order, written in the checkout's
 * transaction: what the per-customer limits count, and what the order was
 * given (`amount`, minor units).
 */
export default class PromotionRedemption extends BaseModel {
  static table = 'promotion_redemptions'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare promotionId: number

  @column()
  declare userId: number

  @column()
  declare orderId: number

  @column()
  declare amount: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}

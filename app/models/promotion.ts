import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import { jsonColumn } from '#models/json_column'
import type { PromotionEffect, PromotionTarget } from '#domain/pricing'
import '#infrastructure/pg_bigint'

/**
 * An automatic promotion (no code) or a coupon code (issue 19): its
 * effect, what it targets, its conditions and limits. `timesUsed` counts
 * the uses against `usageLimit`, in the checkout's transaction (see
 * PricingService.redeem).
 */
export default class Promotion extends BaseModel {
  static table = 'promotions'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  /**
   * Upper case; null for an automatic promotion.
   */
  @column()
  declare code: string | null

  @column({ consume: (value) => Boolean(value) })
  declare isActive: boolean

  @column()
  declare effect: PromotionEffect

  /**
   * percentage: basis points (1000 is 10%); fixed: minor units.
   */
  @column()
  declare value: number

  @column()
  declare target: PromotionTarget

  @column(jsonColumn<number[]>([]))
  declare productIds: number[]

  @column(jsonColumn<number[]>([]))
  declare categoryIds: number[]

  @column(jsonColumn<number[]>([]))
  declare variantIds: number[]

  @column()
  declare minSubtotal: number | null

  @column({ consume: (value) => Boolean(value) })
  declare firstOrderOnly: boolean

  @column.dateTime()
  declare startsAt: DateTime | null

  @column.dateTime()
  declare endsAt: DateTime | null

  @column()
  declare usageLimit: number | null

  @column()
  declare perCustomerLimit: number | null

  @column()
  declare timesUsed: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}

import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Order from '#models/order'
import type { OrderStatus } from '#models/order'
import type { PaymentStatus } from '#domain/payment_status'
import '#infrastructure/pg_bigint'

export type OrderEventType = 'status' | 'low_stock' | 'payment'
export type ActorRole = 'customer' | 'staff' | 'admin' | 'system'

/**
 * Written in the same transaction as what it records (see the migration),
 * by `OrderEvents` (app/events/order_events.ts), which announces each row
 * once that transaction commits.
 */
export default class OrderEvent extends BaseModel {
  static table = 'order_events'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare orderId: number

  /**
   * The order's owner (whose channel hears about it), not the actor.
   */
  @column()
  declare userId: number

  @column()
  declare type: OrderEventType

  /**
   * Order states for `status` rows, payment states for `payment` rows.
   */
  @column()
  declare fromStatus: OrderStatus | PaymentStatus | null

  @column()
  declare toStatus: OrderStatus | PaymentStatus | null

  @column()
  declare actorId: number | null

  @column()
  declare actorRole: ActorRole

  @column()
  declare productId: number | null

  @column()
  declare stock: number | null

  /**
   * `payment` rows: the amount that moved (minor units) and what it was.
   */
  @column()
  declare amount: number | null

  @column()
  declare note: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => Order)
  declare order: BelongsTo<typeof Order>
}

import { DateTime } from 'luxon'
import { BaseModel, afterCreate, belongsTo, column } from '@adonisjs/lucid/orm'
import db from '@adonisjs/lucid/services/db'
import type { ModelAttributes } from '@adonisjs/lucid/types/model'
import type { QueryClientContract } from '@adonisjs/lucid/types/database'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Order from '#models/order'
import type { OrderStatus } from '#models/order'
import { afterCommit } from '#services/catalog_cache'
import { OrderNotifications } from '#services/order_notifications'

export type OrderEventType = 'status' | 'low_stock'
export type ActorRole = 'customer' | 'staff' | 'admin' | 'system'

/**
 * Written in the same transaction as what it records; see the migration.
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

  @column()
  declare fromStatus: OrderStatus | null

  @column()
  declare toStatus: OrderStatus | null

  @column()
  declare actorId: number | null

  @column()
  declare actorRole: ActorRole

  @column()
  declare productId: number | null

  @column()
  declare stock: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @belongsTo(() => Order)
  declare order: BelongsTo<typeof Order>

  /**
   * The order's number when the creator knows it (saves a lookup when
   * the event is announced). Not a column.
   */
  orderNumber?: string

  /**
   * Writes an event with `client` (the change's transaction), knowing the
   * order's number.
   */
  static async record(
    values: Partial<ModelAttributes<OrderEvent>>,
    orderNumber: string | undefined,
    client: QueryClientContract
  ) {
    const event = new OrderEvent()
    event.merge(values)
    event.orderNumber = orderNumber
    event.$setOptionsAndTrx({ client })
    await event.save()
    return event
  }

  /**
   * Every event is announced once its transaction commits (never for a
   * rolled-back change), whoever wrote it.
   */
  @afterCreate()
  static async announceAfterCommit(event: OrderEvent) {
    await afterCommit(event, async () => {
      let number = event.orderNumber
      if (!number) {
        const order = await db.from('orders').where('id', event.orderId).select('number').first()
        number = order?.number as string | undefined
      }
      if (number) {
        await OrderNotifications.committed(event, number)
      }
    })
  }
}

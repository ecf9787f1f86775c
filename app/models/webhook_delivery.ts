import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import WebhookDeliveryAttempt from '#models/webhook_delivery_attempt'

export type WebhookDeliveryStatus = 'pending' | 'succeeded' | 'failed'

/**
 * One event to one endpoint: pending until a 2xx answer (succeeded) or
 * the last attempt (failed). Its attempts are the delivery log.
 */
export default class WebhookDelivery extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare endpointId: number

  @column()
  declare eventId: string

  @column()
  declare eventType: string

  @column()
  declare status: WebhookDeliveryStatus

  @column()
  declare attempts: number

  @column()
  declare lastStatusCode: number | null

  @column()
  declare lastError: string | null

  @column.dateTime()
  declare deliveredAt: DateTime | null

  /**
   * Being sent until this time (epoch milliseconds; see
   * WebhookService.attempt).
   */
  @column({ serializeAs: null })
  declare claimedUntil: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => WebhookDeliveryAttempt, { foreignKey: 'deliveryId' })
  declare attemptLog: HasMany<typeof WebhookDeliveryAttempt>
}

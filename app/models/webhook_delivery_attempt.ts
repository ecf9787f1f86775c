import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * One attempt of a delivery: the receiver's status (null when none came
 * back), how long it took, the first kilobyte of its answer, the error.
 */
export default class WebhookDeliveryAttempt extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare deliveryId: number

  @column()
  declare attempt: number

  @column()
  declare succeeded: boolean

  @column()
  declare statusCode: number | null

  @column()
  declare durationMs: number

  @column()
  declare responseExcerpt: string | null

  @column()
  declare error: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime
}

import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

export default class IdempotencyKey extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare userId: number

  @column()
  declare key: string

  @column()
  declare requestHash: string

  @column()
  declare state: 'in_flight' | 'completed'

  @column()
  declare responseStatus: number | null

  @column()
  declare responseBody: string | null

  @column()
  declare orderId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}

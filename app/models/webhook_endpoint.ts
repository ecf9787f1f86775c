import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import type { WebhookEventType } from '#domain/webhook_events'
import WebhookDelivery from '#models/webhook_delivery'

/**
 * A receiver registered by an admin: its URL, the events it wants, the
 * secret its deliveries are signed with (Standard Webhooks), whether it is
 * active, and whether its deliveries ran out of attempts (failing).
 */
export default class WebhookEndpoint extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare url: string

  @column()
  declare description: string

  @column({
    prepare: (value: WebhookEventType[]) => JSON.stringify(value),
    consume: (value: string | WebhookEventType[]) =>
      typeof value === 'string' ? JSON.parse(value) : value,
  })
  declare events: WebhookEventType[]

  @column({ serializeAs: null })
  declare secret: string

  @column()
  declare isActive: boolean

  @column()
  declare isFailing: boolean

  @column.dateTime()
  declare failingSince: DateTime | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => WebhookDelivery, { foreignKey: 'endpointId' })
  declare deliveries: HasMany<typeof WebhookDelivery>
}

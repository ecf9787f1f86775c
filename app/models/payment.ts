import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import '#infrastructure/pg_bigint'
import type { AttemptStatus, PaymentProviderName } from '#domain/payment_status'

/**
 * One payment attempt of an order: a Stripe PaymentIntent, or money staff
 * recorded by hand (a transfer, cash on delivery). Amounts in minor
 * units.
 */
export default class Payment extends BaseModel {
  static table = 'payments'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare orderId: number

  @column()
  declare methodId: number | null

  @column()
  declare provider: PaymentProviderName

  @column()
  declare providerRef: string | null

  @column()
  declare status: AttemptStatus

  @column()
  declare amount: number

  @column()
  declare currency: string

  @column()
  declare amountReceived: number

  @column({ serializeAs: null })
  declare clientSecret: string | null

  @column()
  declare reference: string | null

  @column()
  declare actorId: number | null

  @column()
  declare failureMessage: string | null

  @column()
  declare lastEventCreated: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}

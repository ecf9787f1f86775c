import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import '#infrastructure/pg_bigint'
import type { PaymentProviderName } from '#domain/payment_status'

export type ProviderEventOutcome = 'applied' | 'ignored' | 'refused' | 'late'

/**
 * A provider event as received (once per provider and event id: the
 * unique key is what makes a redelivery a no-op), with what was done
 * with it. `needs_attention` rows are the ones staff must look at: an
 * amount or currency that does not match the order, money that reached
 * an expired order.
 */
export default class PaymentProviderEvent extends BaseModel {
  static table = 'payment_provider_events'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare provider: PaymentProviderName

  @column()
  declare eventId: string

  @column()
  declare type: string

  @column()
  declare orderId: number | null

  @column()
  declare paymentId: number | null

  @column()
  declare outcome: ProviderEventOutcome

  @column({ consume: (value) => Boolean(value) })
  declare needsAttention: boolean

  @column()
  declare message: string

  @column()
  declare amount: number | null

  @column()
  declare currency: string | null

  @column.dateTime()
  declare receivedAt: DateTime

  @column.dateTime()
  declare resolvedAt: DateTime | null

  @column()
  declare resolvedBy: number | null
}

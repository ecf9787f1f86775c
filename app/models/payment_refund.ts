import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import '#infrastructure/pg_bigint'
import type { PaymentProviderName, RefundStatus } from '#domain/payment_status'

/**
 * Money going back to the customer: asked by staff (or by a cancellation,
 * or a late payment on an expired order), sent to the provider by a job
 * with the refund's id as idempotency key, or recorded by staff for a
 * manual method. Amounts in minor units.
 */
export default class PaymentRefund extends BaseModel {
  static table = 'payment_refunds'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare orderId: number

  @column()
  declare paymentId: number | null

  @column()
  declare provider: PaymentProviderName

  @column()
  declare providerRef: string | null

  @column()
  declare amount: number

  @column()
  declare currency: string

  @column()
  declare status: RefundStatus

  @column()
  declare reason: string | null

  @column()
  declare reference: string | null

  @column()
  declare requestKey: string

  @column()
  declare actorId: number | null

  @column()
  declare actorRole: 'customer' | 'staff' | 'admin' | 'system'

  @column()
  declare failureMessage: string | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime()
  declare completedAt: DateTime | null
}

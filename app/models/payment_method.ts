import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'
import type { PaymentProviderName } from '#domain/payment_status'

/**
 * A way to pay that staff configure (issue 20): what checkout's
 * `payment_method` names by `code`, served by one provider.
 */
export default class PaymentMethod extends BaseModel {
  static table = 'payment_methods'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare code: string

  @column()
  declare name: string

  @column()
  declare provider: PaymentProviderName

  @column({ consume: (value) => Boolean(value) })
  declare payOnDelivery: boolean

  @column()
  declare capture: 'automatic' | 'manual'

  @column()
  declare expiresAfterMinutes: number | null

  @column()
  declare instructions: string | null

  @column({ consume: (value) => Boolean(value) })
  declare isActive: boolean

  @column()
  declare position: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}

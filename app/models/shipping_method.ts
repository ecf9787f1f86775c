import { DateTime } from 'luxon'
import { BaseModel, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import ShippingZone from '#models/shipping_zone'
import { jsonColumn } from '#models/json_column'
import type { RateType, WeightBand } from '#domain/pricing'
import '#infrastructure/pg_bigint'

/**
 * A way to ship to a zone (issue 19): its name, a delivery estimate and a
 * rate rule (see #domain/pricing: flat, free_over, weight bands). Money in
 * integer minor units.
 */
export default class ShippingMethod extends BaseModel {
  static table = 'shipping_methods'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare zoneId: number

  @column()
  declare name: string

  @column()
  declare deliveryEstimate: string

  @column()
  declare rateType: RateType

  @column()
  declare price: number

  @column()
  declare freeOver: number | null

  @column(jsonColumn<WeightBand[]>([]))
  declare weightBands: WeightBand[]

  @column({ consume: (value) => Boolean(value) })
  declare isActive: boolean

  @column()
  declare position: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => ShippingZone, { foreignKey: 'zoneId' })
  declare zone: BelongsTo<typeof ShippingZone>
}

import { DateTime } from 'luxon'
import { BaseModel, column, hasMany } from '@adonisjs/lucid/orm'
import type { HasMany } from '@adonisjs/lucid/types/relations'
import ShippingMethod from '#models/shipping_method'
import { jsonColumn } from '#models/json_column'

/**
 * A set of countries the shop ships to with the same methods (issue 19).
 */
export default class ShippingZone extends BaseModel {
  static table = 'shipping_zones'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  /**
   * ISO 3166-1 alpha-2 codes, upper case.
   */
  @column(jsonColumn<string[]>([]))
  declare countries: string[]

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @hasMany(() => ShippingMethod, { foreignKey: 'zoneId' })
  declare methods: HasMany<typeof ShippingMethod>
}

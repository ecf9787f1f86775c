import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * A country's tax rate for a tax class (issue 19), in basis points of a
 * percent (2000 is 20%). One per country and class.
 */
export default class TaxRate extends BaseModel {
  static table = 'tax_rates'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare country: string

  @column()
  declare taxClass: string

  @column()
  declare name: string

  @column()
  declare rateBp: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}

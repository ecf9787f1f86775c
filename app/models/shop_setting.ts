import { DateTime } from 'luxon'
import { BaseModel, column } from '@adonisjs/lucid/orm'

/**
 * The shop's identity (one row, id 1): read and changed through
 * ShopSettingsService, which creates the row from the env defaults.
 */
export default class ShopSetting extends BaseModel {
  static table = 'shop_settings'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare name: string

  /**
   * Street lines, separated by line breaks.
   */
  @column()
  declare addressLines: string

  @column()
  declare postalCode: string

  @column()
  declare city: string

  @column()
  declare country: string

  @column()
  declare email: string

  @column()
  declare currency: string

  @column()
  declare invoiceFooter: string

  /**
   * Whether prices are entered with tax included (EU style) or without
   * (US style); see #domain/pricing.
   */
  @column({ consume: (value) => Boolean(value) })
  declare pricesIncludeTax: boolean

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime
}

import { DateTime } from 'luxon'
import { BaseModel, afterDelete, afterSave, column } from '@adonisjs/lucid/orm'
import { emitAfterCommit } from '#events/after_commit'

/**
 * One option of a product (Size) with its values in display order (S, M,
 * L). A variant picks one value of each option.
 */
export default class ProductOption extends BaseModel {
  static table = 'product_options'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare productId: number

  @column()
  declare name: string

  @column()
  declare position: number

  @column({
    prepare: (value: string[]) => JSON.stringify(value ?? []),
    consume: (value: string | string[]) =>
      Array.isArray(value) ? value : (JSON.parse(value ?? '[]') as string[]),
  })
  declare values: string[]

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @afterSave()
  static async announceSave(option: ProductOption) {
    await emitAfterCommit(option.$trx, 'catalog:product_changed', { productId: option.productId })
  }

  @afterDelete()
  static async announceDelete(option: ProductOption) {
    await emitAfterCommit(option.$trx, 'catalog:product_changed', { productId: option.productId })
  }
}

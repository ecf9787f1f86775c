import { DateTime } from 'luxon'
import { BaseModel, afterDelete, afterSave, column } from '@adonisjs/lucid/orm'
import { emitAfterCommit } from '#events/after_commit'

export default class ProductImage extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare productId: number

  @column()
  declare url: string

  @column()
  declare alt: string | null

  @column()
  declare position: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  /**
   * The product's cached bodies are cleared once the change commits.
   */
  @afterSave()
  static async announceSave(image: ProductImage) {
    await emitAfterCommit(image.$trx, 'catalog:product_changed', { productId: image.productId })
  }

  @afterDelete()
  static async announceDelete(image: ProductImage) {
    await emitAfterCommit(image.$trx, 'catalog:product_changed', { productId: image.productId })
  }
}

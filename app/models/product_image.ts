import { DateTime } from 'luxon'
import { BaseModel, afterDelete, afterSave, column } from '@adonisjs/lucid/orm'
import { CatalogCache, afterCommit } from '#services/catalog_cache'

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

  @afterSave()
  static async clearCacheAfterSave(image: ProductImage) {
    await afterCommit(image, () => CatalogCache.productChanged(image.productId))
  }

  @afterDelete()
  static async clearCacheAfterDelete(image: ProductImage) {
    await afterCommit(image, () => CatalogCache.productChanged(image.productId))
  }
}

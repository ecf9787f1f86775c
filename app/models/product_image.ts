import { DateTime } from 'luxon'
import { BaseModel, afterDelete, afterSave, column } from '@adonisjs/lucid/orm'
import { emitAfterCommit } from '#events/after_commit'

export default class ProductImage extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare productId: number

  /**
   * Where the image is shown from: an external URL (rows from before
   * uploads), or for a stored image the app's GET /images/{name} (or the
   * bucket's public URL when S3_PUBLIC_URL is set).
   */
  @column()
  declare url: string

  /**
   * The file's key on the drive disk; null for an external URL.
   */
  @column()
  declare storageKey: string | null

  /**
   * Read from the file's bytes at upload (JPEG, PNG, WebP); null for an
   * external URL, like the size and the pixel size.
   */
  @column()
  declare contentType: string | null

  @column()
  declare size: number | null

  @column()
  declare width: number | null

  @column()
  declare height: number | null

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

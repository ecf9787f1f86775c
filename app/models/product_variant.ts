import { DateTime } from 'luxon'
import { BaseModel, afterDelete, afterSave, belongsTo, column } from '@adonisjs/lucid/orm'
import type { BelongsTo } from '@adonisjs/lucid/types/relations'
import Product from '#models/product'
import { emitAfterCommit } from '#events/after_commit'
import '#infrastructure/pg_bigint'

/**
 * One sellable combination of a product's options: its own SKU, price,
 * stock and threshold. Stock is never written through the model: it moves
 * only through StockService, which writes the ledger row with it.
 */
export default class ProductVariant extends BaseModel {
  static table = 'product_variants'

  @column({ isPrimary: true })
  declare id: number

  @column()
  declare productId: number

  @column()
  declare sku: string

  /**
   * "M / red"; "Default" for a product without options.
   */
  @column()
  declare title: string

  /**
   * One value per option of the product, in the options' order.
   */
  @column({
    prepare: (value: string[]) => JSON.stringify(value ?? []),
    consume: (value: string | string[]) =>
      Array.isArray(value) ? value : (JSON.parse(value ?? '[]') as string[]),
  })
  declare optionValues: string[]

  /**
   * Integer minor units (cents).
   */
  @column()
  declare price: number

  @column()
  declare compareAtPrice: number | null

  @column()
  declare stock: number

  @column()
  declare lowStockThreshold: number

  @column()
  declare weightGrams: number | null

  @column({ consume: (value) => Boolean(value) })
  declare isActive: boolean

  @column()
  declare position: number

  @column()
  declare imageId: number | null

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Product)
  declare product: BelongsTo<typeof Product>

  get inStock(): boolean {
    return this.stock > 0
  }

  get isLowOnStock(): boolean {
    return this.stock <= this.lowStockThreshold
  }

  /**
   * The product's cached bodies are cleared once the change commits.
   */
  @afterSave()
  static async announceSave(variant: ProductVariant) {
    await emitAfterCommit(variant.$trx, 'catalog:product_changed', {
      productId: variant.productId,
    })
  }

  @afterDelete()
  static async announceDelete(variant: ProductVariant) {
    await emitAfterCommit(variant.$trx, 'catalog:product_changed', {
      productId: variant.productId,
    })
  }
}

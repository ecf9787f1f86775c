import { DateTime } from 'luxon'
import {
  BaseModel,
  afterDelete,
  afterSave,
  beforeCreate,
  belongsTo,
  column,
  hasMany,
} from '@adonisjs/lucid/orm'
import type { BelongsTo, HasMany } from '@adonisjs/lucid/types/relations'
import db from '@adonisjs/lucid/services/db'
import Category from '#models/category'
import ProductImage from '#models/product_image'
import { emitAfterCommit } from '#events/after_commit'
import { freeSlug, slugify } from '#domain/slug'
import '#infrastructure/pg_bigint'

export default class Product extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare categoryId: number | null

  @column()
  declare name: string

  @column()
  declare slug: string

  @column()
  declare description: string | null

  /**
   * Integer minor units (cents).
   */
  @column()
  declare price: number

  @column()
  declare stock: number

  @column()
  declare lowStockThreshold: number

  @column({ consume: (value) => Boolean(value) })
  declare isActive: boolean

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Category)
  declare category: BelongsTo<typeof Category>

  @hasMany(() => ProductImage)
  declare images: HasMany<typeof ProductImage>

  get inStock(): boolean {
    return this.stock > 0
  }

  get isLowOnStock(): boolean {
    return this.stock <= this.lowStockThreshold
  }

  /**
   * A slug from the name when none was given (the panel's forms): the
   * slugs taken in the table are read here, the free one is `freeSlug`'s.
   */
  @beforeCreate()
  static async makeSlug(product: Product) {
    if (!product.slug) {
      const base = slugify(product.name)
      const taken: Array<{ slug: string }> = await (product.$trx ?? db.connection())
        .from('products')
        .where((builder) => builder.where('slug', base).orWhere('slug', 'like', `${base}-%`))
        .select('slug')
      product.slug = freeSlug(
        base,
        taken.map((row) => row.slug)
      )
    }
  }

  /**
   * Any saved change (the API, the panel) clears the cached bodies that
   * show this product once the change is committed. (Stock is not written
   * through the model: forms refuse it, and StockService announces each
   * movement on the `products/:id/stock` channel.)
   */
  @afterSave()
  static async announceSave(product: Product) {
    await emitAfterCommit(product.$trx, 'catalog:product_changed', { productId: product.id })
  }

  @afterDelete()
  static async announceDelete(product: Product) {
    await emitAfterCommit(product.$trx, 'catalog:product_changed', { productId: product.id })
  }
}

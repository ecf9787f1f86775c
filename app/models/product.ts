import { DateTime } from 'luxon'
import {
  BaseModel,
  afterCreate,
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
import ProductVariant from '#models/product_variant'
import ProductOption from '#models/product_option'
import { DEFAULT_VARIANT_TITLE, StockService } from '#services/stock_service'
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
   * Which tax rate of a country applies (issue 19): "standard" unless the
   * product is taxed at another class ("reduced", ...).
   */
  @column()
  declare taxClass: string

  /**
   * Summary of the variants (ProductSummary, in the transaction of every
   * variant change): the lowest price of the active variants, in integer
   * minor units (cents). Set on create, it is the price of the default
   * variant made for a product created without variants.
   */
  @column()
  declare price: number

  /**
   * Summary: the highest price of the active variants.
   */
  @column()
  declare maxPrice: number | null

  /**
   * Summary: the units of the active variants together. Set on create, it
   * is the opening stock of the default variant.
   */
  @column()
  declare stock: number

  /**
   * The threshold new variants start with.
   */
  @column()
  declare lowStockThreshold: number

  /**
   * Not a column: set by a caller that creates the variants itself, so no
   * default variant is made on create.
   */
  declare withoutDefaultVariant?: boolean

  /**
   * Not a column: the SKU of the default variant made on create (else
   * `P-<id>`).
   */
  declare defaultSku?: string

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

  @hasMany(() => ProductVariant)
  declare variants: HasMany<typeof ProductVariant>

  @hasMany(() => ProductOption)
  declare options: HasMany<typeof ProductOption>

  get inStock(): boolean {
    return this.stock > 0
  }

  get isLowOnStock(): boolean {
    return this.stock <= this.lowStockThreshold
  }

  /**
   * The summary's highest price starts at the given price (the default
   * variant's); a slug from the name when none was given (the panel's
   * forms): the
   * slugs taken in the table are read here, the free one is `freeSlug`'s.
   */
  @beforeCreate()
  static async makeSlug(product: Product) {
    if (product.maxPrice === undefined || product.maxPrice === null) {
      product.maxPrice = product.price
    }
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
   * Every product has at least one variant: one created with a price and
   * stock and no variants of its own (the API's simple form, factories)
   * gets its default variant, in the product's transaction, with an
   * opening ledger row for its stock.
   */
  @afterCreate()
  static async makeDefaultVariant(product: Product) {
    if (product.withoutDefaultVariant) {
      return
    }
    const client = product.$trx ?? db.connection()
    const variant = await ProductVariant.create(
      {
        productId: product.id,
        sku: product.defaultSku ?? `P-${product.id}`,
        title: DEFAULT_VARIANT_TITLE,
        optionValues: [],
        price: product.price,
        stock: product.stock ?? 0,
        lowStockThreshold: product.lowStockThreshold ?? 5,
        isActive: true,
        position: 0,
      },
      { client }
    )
    await StockService.opened(client, variant)
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

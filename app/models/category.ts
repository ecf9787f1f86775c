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
import Product from '#models/product'
import { CatalogCache, afterCommit } from '#services/catalog_cache'
import { uniqueSlug } from '#services/slug_service'

export default class Category extends BaseModel {
  @column({ isPrimary: true })
  declare id: number

  @column()
  declare parentId: number | null

  @column()
  declare name: string

  @column()
  declare slug: string

  @column()
  declare description: string | null

  @column()
  declare position: number

  @column.dateTime({ autoCreate: true })
  declare createdAt: DateTime

  @column.dateTime({ autoCreate: true, autoUpdate: true })
  declare updatedAt: DateTime

  @belongsTo(() => Category, { foreignKey: 'parentId' })
  declare parent: BelongsTo<typeof Category>

  @hasMany(() => Category, { foreignKey: 'parentId' })
  declare children: HasMany<typeof Category>

  @hasMany(() => Product)
  declare products: HasMany<typeof Product>

  /**
   * A slug from the name when none was given (the panel's forms).
   */
  @beforeCreate()
  static async makeSlug(category: Category) {
    if (!category.slug) {
      category.slug = await uniqueSlug('categories', category.name, { client: category.$trx })
    }
  }

  @afterSave()
  static async clearCacheAfterSave(category: Category) {
    await afterCommit(category, () => CatalogCache.categoriesChanged())
  }

  @afterDelete()
  static async clearCacheAfterDelete(category: Category) {
    await afterCommit(category, () => CatalogCache.categoriesChanged())
  }
}

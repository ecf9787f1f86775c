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
import { emitAfterCommit } from '#events/after_commit'
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

  /**
   * Any saved change (the API, the panel) clears the category tree and the
   * bodies that embed it once the change commits.
   */
  @afterSave()
  static async announceSave(category: Category) {
    await emitAfterCommit(category.$trx, 'catalog:category_changed', { categoryId: category.id })
  }

  @afterDelete()
  static async announceDelete(category: Category) {
    await emitAfterCommit(category.$trx, 'catalog:category_changed', { categoryId: category.id })
  }
}

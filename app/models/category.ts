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
import Product from '#models/product'
import { emitAfterCommit } from '#events/after_commit'
import { freeSlug, slugify } from '#domain/slug'

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
   * A slug from the name when none was given (the panel's forms): the
   * slugs taken in the table are read here, the free one is `freeSlug`'s.
   */
  @beforeCreate()
  static async makeSlug(category: Category) {
    if (!category.slug) {
      const base = slugify(category.name)
      const taken: Array<{ slug: string }> = await (category.$trx ?? db.connection())
        .from('categories')
        .where((builder) => builder.where('slug', base).orWhere('slug', 'like', `${base}-%`))
        .select('slug')
      category.slug = freeSlug(
        base,
        taken.map((row) => row.slug)
      )
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

import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'products'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      table
        .integer('category_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('categories')
        .onDelete('RESTRICT')
      table.string('name', 200).notNullable()
      table.string('slug', 220).notNullable().unique()
      table.text('description').nullable()
      /**
       * Money in integer minor units (cents).
       */
      table.integer('price').notNullable()
      table.integer('stock').notNullable().defaultTo(0)
      table.integer('low_stock_threshold').notNullable().defaultTo(5)
      table.boolean('is_active').notNullable().defaultTo(true)
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()

      table.check('?? >= 0', ['stock'], 'products_stock_non_negative')
      table.check('?? > 0', ['price'], 'products_price_positive')
      table.check('?? >= 0', ['low_stock_threshold'], 'products_low_stock_threshold_non_negative')

      /**
       * One index per filter and sort of the catalog, led by is_active
       * since every public read filters on it.
       */
      table.index(['category_id', 'is_active'])
      table.index(['is_active', 'price'])
      table.index(['is_active', 'created_at'])
      table.index(['is_active', 'stock'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}

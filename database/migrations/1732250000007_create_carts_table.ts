import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * One persisted cart per user, one line per product.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('carts', (table) => {
      table.increments('id').notNullable()
      table
        .integer('user_id')
        .unsigned()
        .notNullable()
        .unique()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('cart_items', (table) => {
      table.increments('id').notNullable()
      table
        .integer('cart_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('carts')
        .onDelete('CASCADE')
      table
        .integer('product_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('products')
        .onDelete('CASCADE')
      table.integer('quantity').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()

      table.unique(['cart_id', 'product_id'])
      table.index(['product_id'])
      table.check('?? > 0', ['quantity'], 'cart_items_quantity_positive')
    })
  }

  async down() {
    this.schema.dropTable('cart_items')
    this.schema.dropTable('carts')
  }
}

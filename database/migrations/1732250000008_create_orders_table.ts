import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Orders and their lines. A line copies the product's name and unit price
 * at checkout, so later catalog edits never rewrite history; the product
 * cannot be deleted while an order line points at it.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('orders', (table) => {
      table.increments('id').notNullable()
      table.string('number', 32).notNullable().unique()
      table
        .integer('user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('RESTRICT')
      table.string('status', 16).notNullable().defaultTo('pending')
      table.string('currency', 3).notNullable()
      table.integer('subtotal').notNullable()
      table.integer('total').notNullable()
      table.integer('item_count').notNullable()

      table.string('ship_full_name', 120).notNullable()
      table.string('ship_phone', 40).nullable()
      table.string('ship_line1', 200).notNullable()
      table.string('ship_line2', 200).nullable()
      table.string('ship_city', 120).notNullable()
      table.string('ship_postal_code', 20).notNullable()
      table.string('ship_country', 2).notNullable()

      table.timestamp('shipped_at', { useTz: true }).nullable()
      table.timestamp('delivered_at', { useTz: true }).nullable()
      table.timestamp('cancelled_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()

      table.check(
        "?? in ('pending', 'shipped', 'delivered', 'cancelled')",
        ['status'],
        'orders_status_known'
      )
      table.check('?? >= 0 and ?? >= 0', ['subtotal', 'total'], 'orders_totals_non_negative')

      /**
       * A customer's history (newest first) and the staff filters.
       */
      table.index(['user_id', 'created_at'])
      table.index(['status', 'created_at'])
      table.index(['created_at'])
    })

    this.schema.createTable('order_items', (table) => {
      table.increments('id').notNullable()
      table
        .integer('order_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('orders')
        .onDelete('CASCADE')
      table
        .integer('product_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('products')
        .onDelete('RESTRICT')
      table.string('product_name', 200).notNullable()
      table.integer('unit_price').notNullable()
      table.integer('quantity').notNullable()
      table.integer('line_total').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()

      table.unique(['order_id', 'product_id'])
      table.index(['product_id'])
      table.check('?? > 0', ['quantity'], 'order_items_quantity_positive')
      table.check('?? > 0', ['unit_price'], 'order_items_unit_price_positive')
    })
  }

  async down() {
    this.schema.dropTable('order_items')
    this.schema.dropTable('orders')
  }
}

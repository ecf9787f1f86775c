import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * What happened to orders, written in the same transaction as the change:
 * `status` rows (an order created, shipped, delivered or cancelled) and
 * `low_stock` rows (a line of the order took its product to or below its
 * threshold). The real-time channels broadcast from these rows and a
 * client that reconnects reads what it missed from them, by id.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('order_events', (table) => {
      table.increments('id').notNullable()
      table
        .integer('order_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('orders')
        .onDelete('CASCADE')
      table
        .integer('user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.string('type', 16).notNullable().defaultTo('status')
      table.string('from_status', 16).nullable()
      table.string('to_status', 16).nullable()
      table
        .integer('actor_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.string('actor_role', 16).notNullable()
      table
        .integer('product_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('products')
        .onDelete('SET NULL')
      table.integer('stock').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()

      table.check("?? in ('status', 'low_stock')", ['type'], 'order_events_type_known')
      table.index(['order_id', 'id'])
      table.index(['user_id', 'id'])
      table.index(['type', 'id'])
    })
  }

  async down() {
    this.schema.dropTable('order_events')
  }
}

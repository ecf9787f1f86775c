import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * "Tell me when it is back in stock" (issue 18): a customer's request
 * about one product. It ends when the product comes back (`notified_at`:
 * the e-mail was queued in that same transaction) or when the customer
 * withdraws it (the row is deleted). One open request per customer and
 * product (a partial unique index, PostgreSQL and SQLite alike); ended
 * ones are kept as the record of what was sent. Keyed by product: the
 * variants issue moves it to the variant.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('stock_subscriptions', (table) => {
      table.increments('id').notNullable()
      table
        .integer('user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table
        .integer('product_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('products')
        .onDelete('CASCADE')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('notified_at', { useTz: true }).nullable()
      table.index(['product_id', 'notified_at'])
    })
    this.schema.raw(
      'CREATE UNIQUE INDEX stock_subscriptions_open_unique ON stock_subscriptions (user_id, product_id) WHERE notified_at IS NULL'
    )
  }

  async down() {
    this.schema.dropTable('stock_subscriptions')
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Idempotency-Key of checkouts, per user: the hash of the request it was
 * first used with and, once the order is committed, the exact response.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('idempotency_keys', (table) => {
      table.increments('id').notNullable()
      table
        .integer('user_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('users')
        .onDelete('CASCADE')
      table.string('key', 255).notNullable()
      table.string('request_hash', 64).notNullable()
      table.string('state', 16).notNullable()
      table.integer('response_status').nullable()
      table.text('response_body').nullable()
      table
        .integer('order_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('orders')
        .onDelete('SET NULL')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()

      table.unique(['user_id', 'key'])
      table.index(['created_at'])
      table.check("?? in ('in_flight', 'completed')", ['state'], 'idempotency_keys_state_known')
    })
  }

  async down() {
    this.schema.dropTable('idempotency_keys')
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Outbound webhooks (issue 18): endpoints registered by admins, the events
 * sent (one body per event, the same bytes on every attempt), one delivery
 * per event and endpoint, and the log of its attempts.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('webhook_endpoints', (table) => {
      table.increments('id')
      table.string('url', 2000).notNullable()
      table.string('description', 500).notNullable().defaultTo('')
      /**
       * The event types wanted, a JSON array of strings.
       */
      table.text('events').notNullable()
      table.string('secret', 200).notNullable()
      table.boolean('is_active').notNullable().defaultTo(true)
      /**
       * Set when a delivery ran out of attempts; cleared by the next
       * success or by an admin.
       */
      table.boolean('is_failing').notNullable().defaultTo(false)
      table.timestamp('failing_since', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('webhook_events', (table) => {
      table.string('id', 40).primary()
      table.string('type', 60).notNullable()
      /**
       * The body sent, exactly: { id, type, version, created_at, data }.
       */
      table.text('body').notNullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
    })

    this.schema.createTable('webhook_deliveries', (table) => {
      table.bigIncrements('id')
      table
        .integer('endpoint_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('webhook_endpoints')
        .onDelete('CASCADE')
      table
        .string('event_id', 40)
        .notNullable()
        .references('id')
        .inTable('webhook_events')
        .onDelete('CASCADE')
      table.string('event_type', 60).notNullable()
      /**
       * pending, succeeded or failed
       */
      table.string('status', 20).notNullable()
      table.integer('attempts').notNullable().defaultTo(0)
      table.integer('last_status_code').nullable()
      table.text('last_error').nullable()
      table.timestamp('delivered_at', { useTz: true }).nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['endpoint_id', 'id'])
      table.index(['event_id'])
    })

    this.schema.createTable('webhook_delivery_attempts', (table) => {
      table.bigIncrements('id')
      table
        .bigInteger('delivery_id')
        .unsigned()
        .notNullable()
        .references('id')
        .inTable('webhook_deliveries')
        .onDelete('CASCADE')
      table.integer('attempt').notNullable()
      table.boolean('succeeded').notNullable()
      table.integer('status_code').nullable()
      table.integer('duration_ms').notNullable()
      /**
       * The first kilobyte of the response body.
       */
      table.text('response_excerpt').nullable()
      table.text('error').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.index(['delivery_id', 'id'])
    })
  }

  async down() {
    this.schema.dropTable('webhook_delivery_attempts')
    this.schema.dropTable('webhook_deliveries')
    this.schema.dropTable('webhook_events')
    this.schema.dropTable('webhook_endpoints')
  }
}

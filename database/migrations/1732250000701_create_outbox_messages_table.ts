import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The outbox (issue 18): a job to run is written here in the transaction
 * of the change that causes it, then moved onto the queue by the
 * dispatcher (app/services/outbox_dispatcher.ts) once committed. Times are
 * epoch milliseconds, compared the same way on SQLite and PostgreSQL.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('outbox_messages', (table) => {
      table.bigIncrements('id')
      table.string('job_name', 100).notNullable()
      table.text('payload').notNullable()
      /**
       * Deduplication key (JobQueue.enqueue's `key`): one message per key.
       */
      table.string('dedupe_key', 200).nullable().unique()
      table.bigInteger('available_at').notNullable()
      table.bigInteger('dispatched_at').nullable()
      table.bigInteger('created_at').notNullable()
      table.index(['dispatched_at', 'id'])
    })
  }

  async down() {
    this.schema.dropTable('outbox_messages')
  }
}

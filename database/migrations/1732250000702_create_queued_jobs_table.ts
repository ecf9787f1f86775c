import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The database engine's queue (the embedded default, no Redis): jobs the
 * outbox dispatcher moved here, taken by workers with a lease (a worker
 * that dies loses its jobs to another after the lease). Failed jobs stay
 * with their last error. Times are epoch milliseconds.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('queued_jobs', (table) => {
      table.bigIncrements('id')
      /**
       * The outbox message's job id (`o<outbox id>`): moving a message
       * twice queues it once.
       */
      table.string('job_id', 100).notNullable().unique()
      table.string('name', 100).notNullable()
      table.text('payload').notNullable()
      /**
       * waiting, active, completed or failed
       */
      table.string('status', 20).notNullable()
      table.integer('attempts_made').notNullable().defaultTo(0)
      table.integer('max_attempts').notNullable()
      table.integer('backoff_ms').notNullable()
      table.bigInteger('run_at').notNullable()
      table.string('locked_by', 200).nullable()
      table.bigInteger('locked_until').nullable()
      table.text('last_error').nullable()
      table.bigInteger('finished_at').nullable()
      table.bigInteger('created_at').notNullable()
      table.index(['status', 'run_at'])
    })
  }

  async down() {
    this.schema.dropTable('queued_jobs')
  }
}

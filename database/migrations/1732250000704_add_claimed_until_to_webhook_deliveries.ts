import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A delivery being sent is claimed until this time (epoch milliseconds):
 * a second run of its job (a worker whose lock lapsed under load, a
 * resend racing a retry) does not send it at the same time. A claim left
 * by a worker that died expires by itself.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('webhook_deliveries', (table) => {
      table.bigInteger('claimed_until').nullable()
    })
  }

  async down() {
    this.schema.alterTable('webhook_deliveries', (table) => {
      table.dropColumn('claimed_until')
    })
  }
}

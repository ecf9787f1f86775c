import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A display name is a profile detail a customer may add later (issue 15,
 * item 9): registration takes an e-mail and a password, so `full_name`
 * may be null.
 *
 * SQLite cannot alter a column: knex copies the table into a new one and
 * drops the old. Outside a transaction it turns foreign keys off while it
 * does (inside one SQLite ignores that pragma, and dropping `users` would
 * cascade to carts and refresh tokens), hence `disableTransactions`. On
 * PostgreSQL the change is one ALTER statement.
 */
export default class extends BaseSchema {
  static disableTransactions = true

  protected tableName = 'users'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.string('full_name', 120).nullable().alter()
    })
  }

  async down() {
    this.schema.raw(`UPDATE ${this.tableName} SET full_name = '' WHERE full_name IS NULL`)
    this.schema.alterTable(this.tableName, (table) => {
      table.string('full_name', 120).notNullable().alter()
    })
  }
}

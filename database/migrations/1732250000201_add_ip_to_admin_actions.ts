import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The audit log records where a change came from: the client's IP (as
 * the app sees it, after the trusted proxies), for panel and REST API
 * changes alike (issue 14, finding 22). Skipped when the column exists.
 */
export default class extends BaseSchema {
  protected tableName = 'admin_actions'

  async up() {
    this.defer(async (db) => {
      if (await db.schema.hasColumn(this.tableName, 'ip')) {
        return
      }
      await db.schema.alterTable(this.tableName, (table) => {
        table.string('ip', 64).nullable()
      })
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('ip')
    })
  }
}

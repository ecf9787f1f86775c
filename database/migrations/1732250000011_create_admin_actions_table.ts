import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The panel's audit log: who did what to which record, when, with the
 * changed fields.
 */
export default class extends BaseSchema {
  protected tableName = 'admin_actions'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      table
        .integer('admin_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('users')
        .onDelete('SET NULL')
      table.string('admin_email', 254).notNullable()
      table.string('action', 40).notNullable()
      table.string('resource', 60).notNullable()
      table.string('record_id', 60).nullable()
      table.text('changes').nullable()
      table.timestamp('created_at', { useTz: true }).notNullable()

      table.index(['created_at'])
      table.index(['resource', 'record_id'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}

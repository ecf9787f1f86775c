import { BaseSchema } from '@adonisjs/lucid/schema'

export default class extends BaseSchema {
  protected tableName = 'users'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      table.increments('id').notNullable()
      /**
       * Stored lowercased by the model, so the unique index is
       * case-insensitive in effect on every database.
       */
      table.string('email', 254).notNullable().unique()
      table.string('password', 255).notNullable()
      table.string('full_name', 120).notNullable()
      table.string('phone', 32).nullable()
      table.string('address_line1', 200).nullable()
      table.string('address_line2', 200).nullable()
      table.string('address_city', 100).nullable()
      table.string('address_postal_code', 20).nullable()
      table.string('address_country', 2).nullable()
      table
        .enum('role', ['customer', 'staff', 'admin'], {
          useNative: false,
          enumName: 'user_role',
          existingType: false,
        })
        .notNullable()
        .defaultTo('customer')
      table.timestamp('created_at', { useTz: true }).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
      table.index(['role'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}

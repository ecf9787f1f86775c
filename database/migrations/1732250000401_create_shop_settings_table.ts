import { BaseSchema } from '@adonisjs/lucid/schema'
import { shopSettingsDefaults } from '#services/shop_settings_service'
import { dbTimestamp } from '#services/db_time'

/**
 * The shop's identity as printed on invoices, editable by admins in the
 * panel (issue 16, item 4): one row, id 1, created here from the env
 * values (SHOP_NAME, SHOP_ADDRESS, SHOP_EMAIL, SHOP_CURRENCY); a database
 * that lost it (emptied tables) gets it again on the first read (see
 * ShopSettingsService).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('shop_settings', (table) => {
      table.integer('id').primary()
      table.string('name', 200).notNullable()
      /**
       * Street lines, one per line.
       */
      table.text('address_lines').notNullable()
      table.string('postal_code', 40).notNullable()
      table.string('city', 120).notNullable()
      table.string('country', 120).notNullable()
      table.string('email', 254).notNullable()
      table.string('currency', 3).notNullable()
      table.text('invoice_footer').notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
    this.defer(async (db) => {
      await db
        .table('shop_settings')
        .insert({ ...shopSettingsDefaults(), updated_at: dbTimestamp(db) })
    })
  }

  async down() {
    this.schema.dropTable('shop_settings')
  }
}

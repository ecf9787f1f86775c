import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * The shop's uploaded images, stored in the database (every instance
 * serves the same bytes, no shared disk needed): `logo`, a PNG or JPEG of
 * at most 512 KB uploaded by an admin on the Settings page, shown on the
 * panel's sign-in page and sidebar, as its favicon and on invoices.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('shop_assets', (table) => {
      table.string('name', 40).primary()
      table.string('content_type', 40).notNullable()
      table.binary('data').notNullable()
      /**
       * SHA-256 of the bytes, hex: the ETag, and the version in the URLs.
       */
      table.string('sha256', 64).notNullable()
      table.timestamp('updated_at', { useTz: true }).notNullable()
    })
  }

  async down() {
    this.schema.dropTable('shop_assets')
  }
}

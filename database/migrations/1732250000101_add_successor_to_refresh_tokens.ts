import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * A spent refresh token keeps, for a few seconds, the pair it was traded
 * for, encrypted with the app key (issue 14, finding 16): a second refresh
 * with the same token within that window (two tabs, a retry after a
 * timeout) answers the same pair instead of revoking the family.
 */
export default class extends BaseSchema {
  protected tableName = 'refresh_tokens'

  async up() {
    this.schema.alterTable(this.tableName, (table) => {
      table.text('successor').nullable()
    })
  }

  async down() {
    this.schema.alterTable(this.tableName, (table) => {
      table.dropColumn('successor')
    })
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Access tokens refused before they expire (issue 14, finding 23): the
 * sign-in sessions (refresh-token families) ended by logout or a password
 * change, kept until the last access token of the session has expired.
 * Used when Redis is not configured (with Redis, keys with an expiry).
 */
export default class extends BaseSchema {
  protected tableName = 'denied_access_tokens'

  async up() {
    this.schema.createTable(this.tableName, (table) => {
      /**
       * The token's `sid` claim (or its `jti` when it has none).
       */
      table.string('id', 64).primary()
      table.timestamp('expires_at', { useTz: true }).notNullable()
      table.index(['expires_at'])
    })
  }

  async down() {
    this.schema.dropTable(this.tableName)
  }
}

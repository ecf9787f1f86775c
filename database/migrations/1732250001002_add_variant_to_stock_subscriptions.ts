import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Back-in-stock requests per variant (issue 18's request, deferred to the
 * variants issue 17): a request names a variant ("M / red") and ends when
 * THAT variant comes back, or names none and ends when the product as a
 * whole comes back (as before). Existing requests stay product-level
 * (`variant_id` null).
 *
 * One open request per customer, product and variant-or-none: two partial
 * unique indexes (PostgreSQL and SQLite alike), one for product-level
 * requests and one for variant ones, because a unique index treats NULLs
 * as distinct. BackInStockService's `ON CONFLICT ... WHERE` names the same
 * predicates. A deleted variant takes its requests with it.
 */
const OLD_OPEN_UNIQUE = 'stock_subscriptions_open_unique'
const OPEN_PRODUCT_UNIQUE = 'stock_subscriptions_open_product_unique'
const OPEN_VARIANT_UNIQUE = 'stock_subscriptions_open_variant_unique'
const VARIANT_INDEX = 'stock_subscriptions_variant_id_notified_at_index'

export default class extends BaseSchema {
  async up() {
    this.schema.raw(`DROP INDEX IF EXISTS ${OLD_OPEN_UNIQUE}`)
    this.schema.alterTable('stock_subscriptions', (table) => {
      table
        .integer('variant_id')
        .unsigned()
        .nullable()
        .references('id')
        .inTable('product_variants')
        .onDelete('CASCADE')
    })
    this.schema.raw(
      `CREATE UNIQUE INDEX ${OPEN_PRODUCT_UNIQUE} ON stock_subscriptions (user_id, product_id) WHERE notified_at IS NULL AND variant_id IS NULL`
    )
    this.schema.raw(
      `CREATE UNIQUE INDEX ${OPEN_VARIANT_UNIQUE} ON stock_subscriptions (user_id, product_id, variant_id) WHERE notified_at IS NULL AND variant_id IS NOT NULL`
    )
    // The restock's lookup (open requests of one variant) and the
    // foreign key's cascade.
    this.schema.raw(
      `CREATE INDEX ${VARIANT_INDEX} ON stock_subscriptions (variant_id, notified_at)`
    )
  }

  /**
   * Back to one request per customer and product, with the data: an open
   * variant request becomes a request for its product (it is told when the
   * product comes back, a little earlier than it asked), unless the
   * customer already has an open one for that product (or an older
   * variant one that becomes it); ended requests keep their history
   * without the variant.
   */
  async down() {
    this.defer(async (db) => {
      await db.rawQuery(
        `DELETE FROM stock_subscriptions
         WHERE variant_id IS NOT NULL AND notified_at IS NULL AND EXISTS (
           SELECT 1 FROM stock_subscriptions other
           WHERE other.user_id = stock_subscriptions.user_id
             AND other.product_id = stock_subscriptions.product_id
             AND other.notified_at IS NULL
             AND (other.variant_id IS NULL OR other.id < stock_subscriptions.id)
         )`
      )
      await db.rawQuery('UPDATE stock_subscriptions SET variant_id = NULL')
    })
    this.schema.raw(`DROP INDEX IF EXISTS ${VARIANT_INDEX}`)
    this.schema.raw(`DROP INDEX IF EXISTS ${OPEN_VARIANT_UNIQUE}`)
    this.schema.raw(`DROP INDEX IF EXISTS ${OPEN_PRODUCT_UNIQUE}`)
    this.schema.alterTable('stock_subscriptions', (table) => {
      table.dropForeign(['variant_id'])
      table.dropColumn('variant_id')
    })
    this.schema.raw(
      `CREATE UNIQUE INDEX ${OLD_OPEN_UNIQUE} ON stock_subscriptions (user_id, product_id) WHERE notified_at IS NULL`
    )
  }
}

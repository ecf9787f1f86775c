import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Invoice numbers: a gapless sequence per year (`2026-000001`), allocated
 * when an order's invoice is first issued and kept on the order. The
 * counter of each year lives in `invoice_sequences`; it is incremented in
 * the same transaction that stores the number on the order, so a rolled
 * back allocation leaves no gap (issue 16, item 7).
 */
export default class extends BaseSchema {
  async up() {
    this.schema.createTable('invoice_sequences', (table) => {
      table.integer('year').primary()
      table.integer('last_number').notNullable().defaultTo(0)
    })
    this.schema.alterTable('orders', (table) => {
      table.string('invoice_number', 20).nullable().unique()
    })
  }

  async down() {
    this.schema.alterTable('orders', (table) => {
      table.dropUnique(['invoice_number'])
      table.dropColumn('invoice_number')
    })
    this.schema.dropTable('invoice_sequences')
  }
}

import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * When an order's invoice was issued: stored with the invoice number, in
 * the transaction that allocates it, and printed as the invoice's date
 * (the order date is when the customer ordered, not when the invoice
 * was made). Invoices numbered before this column existed get the order's
 * date, the one they printed.
 */
export default class extends BaseSchema {
  async up() {
    this.schema.alterTable('orders', (table) => {
      table.timestamp('invoice_issued_at', { useTz: true }).nullable()
    })
    this.defer(async (db) => {
      await db.rawQuery(
        'UPDATE orders SET invoice_issued_at = created_at WHERE invoice_number IS NOT NULL'
      )
    })
  }

  async down() {
    this.schema.alterTable('orders', (table) => {
      table.dropColumn('invoice_issued_at')
    })
  }
}

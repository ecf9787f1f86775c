import { BaseSchema } from '@adonisjs/lucid/schema'

/**
 * Money columns that cannot overflow: on PostgreSQL `integer` stops at
 * 21474836.47 in minor units, so a large price or order total was a 500.
 * They become bigint there (SQLite's integers are 64-bit already). The
 * documented ceilings (MAX_PRICE, MAX_LINE_TOTAL, MAX_ORDER_TOTAL in
 * app/services/money.ts) are enforced with a 422 on both databases
 * (issue 14, finding 10).
 */
const COLUMNS: Array<[table: string, columns: string[]]> = [
  ['products', ['price']],
  ['orders', ['subtotal', 'total']],
  ['order_items', ['unit_price', 'line_total']],
]

export default class extends BaseSchema {
  async up() {
    if (this.db.dialect.name !== 'postgres') {
      return
    }
    for (const [table, columns] of COLUMNS) {
      this.defer(async (db) => {
        await db.rawQuery(
          `ALTER TABLE ?? ${columns.map(() => 'ALTER COLUMN ?? TYPE bigint').join(', ')}`,
          [table, ...columns]
        )
      })
    }
  }

  async down() {
    if (this.db.dialect.name !== 'postgres') {
      return
    }
    for (const [table, columns] of COLUMNS) {
      this.defer(async (db) => {
        await db.rawQuery(
          `ALTER TABLE ?? ${columns.map(() => 'ALTER COLUMN ?? TYPE integer').join(', ')}`,
          [table, ...columns]
        )
      })
    }
  }
}

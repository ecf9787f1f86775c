import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * One multi-row `INSERT ... VALUES (...), (...)`: knex turns a SQLite
 * multi-insert into a compound SELECT, limited to 500 rows and slow.
 */
export async function insertRows(
  trx: TransactionClientContract,
  table: string,
  rows: Record<string, unknown>[]
) {
  const columns = Object.keys(rows[0])
  const placeholders = `(${columns.map(() => '?').join(', ')})`
  const sql = `INSERT INTO ${table} (${columns.join(', ')}) VALUES ${rows.map(() => placeholders).join(', ')}`
  await trx.rawQuery(
    sql,
    rows.flatMap((row) => columns.map((column) => row[column] as never))
  )
}

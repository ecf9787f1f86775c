import type { TransactionClientContract } from '@adonisjs/lucid/types/database'

/**
 * The most bound parameters one statement carries: under SQLite's 32,766
 * and PostgreSQL's 65,535.
 */
const MAX_PARAMETERS = 30_000

/**
 * Multi-row `INSERT ... VALUES (...), (...)` statements, as many as the
 * rows need (each under the drivers' bound-parameter limits): knex turns
 * a SQLite multi-insert into a compound SELECT, limited to 500 rows and
 * slow. Column names are quoted (`values` is a keyword).
 */
export async function insertRows(
  trx: TransactionClientContract,
  table: string,
  rows: Record<string, unknown>[]
) {
  if (rows.length === 0) {
    return
  }
  const columns = Object.keys(rows[0])
  const placeholders = `(${columns.map(() => '?').join(', ')})`
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / columns.length))
  for (let start = 0; start < rows.length; start += perStatement) {
    const chunk = rows.slice(start, start + perStatement)
    const sql = `INSERT INTO ${table} (${columns.map((column) => `"${column}"`).join(', ')}) VALUES ${chunk.map(() => placeholders).join(', ')}`
    await trx.rawQuery(
      sql,
      chunk.flatMap((row) => columns.map((column) => row[column] as never))
    )
  }
}

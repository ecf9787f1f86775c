import db from '@adonisjs/lucid/services/db'

/**
 * Counts the SQL statements the app sends while `callback` runs (the
 * functional suite's server runs in this process, on the same pool).
 */
export async function countQueries(callback: () => Promise<unknown>): Promise<string[]> {
  const client = db.connection().getWriteClient()
  const statements: string[] = []
  const listener = (query: { sql: string }) => statements.push(query.sql)
  client.on('query', listener)
  try {
    await callback()
  } finally {
    client.off('query', listener)
  }
  return statements
}

import type { QueryClientContract, TransactionClientContract } from '@adonisjs/lucid/types/database'
import type { DatabaseQueryBuilderContract } from '@adonisjs/lucid/types/querybuilder'

type Client = QueryClientContract | TransactionClientContract
type Row = Record<string, unknown>

/**
 * Several independent SELECTs read in ONE round trip on PostgreSQL (issue
 * 22: a checkout reads the payment methods and the pricing rules before it
 * writes; each read was a round trip of its own). Each query becomes a
 * `json_agg` subquery of one statement, in the caller's client (so in its
 * transaction, each subquery seeing what a statement of its own would).
 *
 * The rows come back as JSON values: numbers, booleans and text as such,
 * timestamps as ISO text, and in no guaranteed order (sort them when order
 * matters). On SQLite (an in-process file: no round trip to save) the
 * queries run one after the other and the rows are the driver's.
 */
export async function readTogether<K extends string>(
  client: Client,
  queries: Record<K, DatabaseQueryBuilderContract>
): Promise<Record<K, Row[]>> {
  const names = Object.keys(queries) as K[]
  const rows = {} as Record<K, Row[]>
  if (client.dialect.name !== 'postgres') {
    for (const name of names) {
      rows[name] = (await queries[name]) as Row[]
    }
    return rows
  }
  const bindings: unknown[] = []
  const columns = names.map((name, index) => {
    const statement = queries[name].toSQL()
    bindings.push(...statement.bindings)
    return `(select coalesce(json_agg(t), '[]'::json) from (${statement.sql}) t) as c${index}`
  })
  const result = await client.rawQuery(`select ${columns.join(', ')}`, bindings as never[])
  const [row] = result.rows as Row[]
  names.forEach((name, index) => {
    rows[name] = row[`c${index}`] as Row[]
  })
  return rows
}

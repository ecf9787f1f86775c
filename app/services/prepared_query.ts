import { createHash } from 'node:crypto'
import db from '@adonisjs/lucid/services/db'
import type { Knex } from 'knex'

/**
 * The statements given a name so far (SQL text to name), in this process.
 * A list page's SQL depends on the filters and sort it has, not on their
 * values, so a shop has a few dozen shapes; past `MAX_NAMED` the rest run
 * unnamed, so no input can grow every connection's statement cache.
 */
const names = new Map<string, string>()
const MAX_NAMED = 64

interface PgConnection {
  query(config: { name?: string; text: string; values: unknown[] }): Promise<{ rows: unknown[] }>
}

interface KnexPgClient {
  acquireConnection(): Promise<PgConnection>
  releaseConnection(connection: PgConnection): Promise<void>
  emit(event: 'query', query: { method: 'raw'; sql: string; bindings: unknown[] }): void
}

/**
 * Runs `sql` (with `?` placeholders, as rawQuery takes it) on PostgreSQL
 * as a named prepared statement (issue 21: a cold list page spent more of
 * PostgreSQL's time parsing and planning its statement than running it).
 * pg prepares a name once per connection and afterwards sends only the
 * values; PostgreSQL keeps the parsed statement and, once its generic plan
 * is as good as a custom one, the plan. On the write connection, as
 * `db.rawQuery` runs it.
 */
export async function preparedRows<Row>(sql: string, bindings: readonly unknown[]): Promise<Row[]> {
  let name = names.get(sql)
  if (name === undefined && names.size < MAX_NAMED) {
    name = `p_${createHash('sha1').update(sql).digest('hex')}`
    names.set(sql, name)
  }
  const knex = db.connection().getWriteClient() as Knex
  const native = knex
    .raw(sql, bindings as Knex.RawBinding[])
    .toSQL()
    .toNative()
  const client = (knex as unknown as { client: KnexPgClient }).client
  const connection = await client.acquireConnection()
  // What knex announces for every statement it runs (its 'query' event: the
  // SQL as the driver runs it), so whoever watches the statements sees this one.
  client.emit('query', { method: 'raw', sql: native.sql, bindings: native.bindings as unknown[] })
  try {
    const result = await connection.query({
      name,
      text: native.sql,
      values: native.bindings as unknown[],
    })
    return result.rows as Row[]
  } finally {
    await client.releaseConnection(connection)
  }
}

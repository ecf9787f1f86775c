import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import pg from 'pg'
import type { CatalogConfig } from '#config/catalog'
import { PRODUCT_SORTS } from '#domain/product_sorts'
import { truncateAll } from '#tests/support/database'

const isPostgres = () => db.connection().dialect.name === 'postgres'

let prepared = 0

/**
 * The plans of a statement as the driver ran it ($1 placeholders), on a
 * connection of the pool: the plan for these values, and the generic plan
 * (the one a list page's named statement runs with: the app's sessions
 * set `plan_cache_mode = force_generic_plan`, config/database.ts),
 * prepared under a name of its own and explained by EXECUTE.
 */
async function explainOnPostgres(statement: Statement): Promise<string[]> {
  const knex = db.connection().getWriteClient() as any
  const connection = await knex.client.acquireConnection()
  const name = `plan_check_${++prepared}`
  try {
    const custom = await connection.query(`explain ${statement.sql}`, statement.bindings)
    await connection.query({ name, text: statement.sql, values: statement.bindings })
    const values = statement.bindings.map((value) => {
      if (value === null || value === undefined) return 'null'
      const text = Array.isArray(value)
        ? `{${value.map((item) => `"${String(item).replace(/(["\\])/g, '\\$1')}"`).join(',')}}`
        : String(value)
      return pg.escapeLiteral(text)
    })
    const generic = await connection.query(
      `explain execute ${name}${values.length ? `(${values.join(', ')})` : ''}`
    )
    await connection.query(`deallocate ${name}`)
    delete connection.connection.parsedStatements[name]
    return [...custom.rows, ...generic.rows].map((row: Record<string, string>) => row['QUERY PLAN'])
  } finally {
    await knex.client.releaseConnection(connection)
  }
}

interface Statement {
  sql: string
  bindings: unknown[]
}

/**
 * Issue 21, item 3: every list the API offers (each filter with each
 * sort, and a cursor page) is answered through indexes: no statement of
 * it reads the products table from end to end.
 */
test.group('Catalog: list query plans at 100,000 products (issue 21)', (group) => {
  let config: CatalogConfig
  let cacheEnabled: boolean
  group.setup(async () => {
    await truncateAll()
    config = app.config.get<CatalogConfig>('catalog')
    cacheEnabled = config.cacheEnabled
    config.cacheEnabled = false
    const ace = await app.container.make('ace')
    const products = isPostgres() ? '100000' : '20000'
    const command = await ace.exec('catalog:generate', [
      '--products',
      products,
      '--variants',
      '1-3',
      '--categories',
      '20',
    ])
    if (command.exitCode !== 0) {
      throw new Error(`catalog:generate failed: ${command.exitCode}`)
    }
    return async () => {
      config.cacheEnabled = cacheEnabled
      await truncateAll()
    }
  })

  test('no list statement scans the products table, whatever the filters and the sort', async ({
    client,
    assert,
  }) => {
    const category = await db.from('categories').whereNull('parent_id').orderBy('id').first()
    const filters = [
      '',
      `category=${category.slug}`,
      'min_price=10.00&max_price=50.00',
      'in_stock=true',
      'in_stock=true&max_price=30.00',
      `category=${category.slug}&min_price=10.00&max_price=500.00`,
      'q=steel',
    ]
    const urls: string[] = []
    for (const filter of filters) {
      for (const sort of PRODUCT_SORTS) {
        urls.push(`/api/v1/products?${filter}${filter ? '&' : ''}sort=${sort}`)
      }
    }
    urls.push('/api/v1/products?q=steel')

    const statements: Statement[] = []
    const connection = db.connection().getWriteClient()
    const listener = (query: { sql: string; bindings?: unknown[] }) => {
      if (
        /from "products"|from `products`|from products/i.test(query.sql) &&
        !/^\s*explain/i.test(query.sql)
      ) {
        statements.push({ sql: query.sql, bindings: query.bindings ?? [] })
      }
    }
    connection.on('query', listener)
    try {
      for (const url of urls) {
        const response = await client.get(url)
        response.assertStatus(200)
        // The next page by cursor, when there is one.
        const cursor = response.body().meta.next_cursor
        if (cursor) {
          const next = await client.get(`${url}&cursor=${encodeURIComponent(cursor)}`)
          next.assertStatus(200)
        }
      }
    } finally {
      connection.off('query', listener)
    }
    assert.isAbove(statements.length, urls.length)

    const scans: string[] = []
    for (const statement of statements) {
      const plan = isPostgres()
        ? await explainOnPostgres(statement)
        : (
            await db.rawQuery(`explain query plan ${statement.sql}`, statement.bindings as never[])
          ).map((row: { detail: string }) => row.detail)
      const scansProducts = plan.some((line: string) =>
        isPostgres() ? /Seq Scan on products\b/.test(line) : /^SCAN products$/.test(line.trim())
      )
      if (scansProducts) {
        scans.push(`${statement.sql}\n  ${plan.join('\n  ')}`)
      }
    }
    assert.deepEqual(scans, [], `statements that scan products:\n${scans.join('\n\n')}`)
  }).timeout(300_000)

  test('a deep page (its relations loaded apart) is the same as that page reached by cursor (its relations inline)', async ({
    client,
    assert,
  }) => {
    const before = await client.get('/api/v1/products?sort=price&per_page=10&page=199')
    before.assertStatus(200)
    const deep = await client.get('/api/v1/products?sort=price&per_page=10&page=200')
    deep.assertStatus(200)
    const cursor = encodeURIComponent(before.body().meta.next_cursor)
    const seek = await client.get(`/api/v1/products?sort=price&per_page=10&cursor=${cursor}`)
    seek.assertStatus(200)
    assert.lengthOf(deep.body().data, 10)
    assert.deepEqual(seek.body().data, deep.body().data)
    assert.isTrue(
      deep.body().data.every((product: { category: unknown }) => product.category !== null)
    )
  })
})

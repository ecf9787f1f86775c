import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import db from '@adonisjs/lucid/services/db'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import ProductImage from '#models/product_image'
import { CatalogCache } from '#services/catalog_cache'
import { truncateAll } from '#tests/support/database'
import { countQueries } from '#tests/support/query_counter'

const isPostgres = () => db.connection().dialect.name === 'postgres'

const counts = (statements: string[]) =>
  statements.filter((sql) => /count\(\*\)/i.test(sql) || /^explain/i.test(sql))

/**
 * Issue 21, item 2: a list's total is not a count of every matching row
 * on every request.
 */
test.group('Catalog: list totals without a count per request (issue 21)', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    await CatalogCache.clearAll()
  })
  group.teardown(() => truncateAll())

  test('the count is made once per filter set (another sort or page reuses it, a change clears it), and a page with its categories and images is one statement', async ({
    client,
    assert,
  }) => {
    const category = await CategoryFactory.create()
    const [lamp] = await ProductFactory.merge({
      isActive: true,
      categoryId: category.id,
    }).createMany(25)
    await ProductImage.createMany([
      { productId: lamp.id, url: '/img/b.jpg', alt: 'Back', position: 2 },
      { productId: lamp.id, url: '/img/a.jpg', alt: 'Front', position: 1 },
    ])

    const first = await countQueries(() => client.get('/api/v1/products?per_page=10&sort=price'))
    if (isPostgres()) {
      // PostgreSQL asks for the total in the page's own statement
      // (catalog_total: the plan, then a count of 25 rows, below the
      // threshold): one round trip.
      assert.lengthOf(first, 1)
      assert.include(first[0], 'catalog_total(')
    } else {
      // SQLite counts apart.
      assert.lengthOf(counts(first), 1)
    }

    let page2Body: Record<string, any> = {}
    const second = await countQueries(async () => {
      const response = await client.get('/api/v1/products?per_page=10&page=2&sort=-name')
      response.assertStatus(200)
      page2Body = response.body()
    })
    assert.lengthOf(counts(second), 0, 'page 2 in another order reuses the count')
    assert.notInclude(
      second.join('\n'),
      'catalog_total(',
      'page 2 in another order reuses the count'
    )
    // Item 3: the page with its categories and images is one statement.
    assert.lengthOf(second, 1)
    const all = [
      ...(await client.get('/api/v1/products?per_page=100&sort=price')).body().data,
    ] as Array<Record<string, any>>
    const listed = all.find((product) => product.id === lamp.id)!
    assert.deepEqual(listed.category, { id: category.id, slug: category.slug, name: category.name })
    assert.deepEqual(
      listed.images.map((image: Record<string, unknown>) => [image.url, image.alt, image.position]),
      [
        ['/img/a.jpg', 'Front', 1],
        ['/img/b.jpg', 'Back', 2],
      ]
    )
    assert.deepInclude(page2Body.meta, {
      total: 25,
      total_is_estimate: false,
      current_page: 2,
      last_page: 3,
    })
    assert.isString(page2Body.meta.next_cursor)

    // A new product clears the lists and their counts with them (the
    // model hook, after commit).
    await ProductFactory.merge({ isActive: true }).create()
    const after = await client.get('/api/v1/products?per_page=10&page=3&sort=-name')
    after.assertStatus(200)
    assert.equal(after.body().meta.total, 26)
    assert.equal(after.body().meta.last_page, 3)
    assert.lengthOf(after.body().data, 6)
    assert.isNull(after.body().meta.next_cursor)
  })

  test('the last page has no next cursor, the pages before it have one', async ({
    client,
    assert,
  }) => {
    await ProductFactory.merge({ isActive: true }).createMany(12)
    const page = await client.get('/api/v1/products?per_page=5&page=3')
    page.assertStatus(200)
    assert.lengthOf(page.body().data, 2)
    assert.deepInclude(page.body().meta, { total: 12, last_page: 3, next_cursor: null })
    const page2 = await client.get('/api/v1/products?per_page=5&page=2')
    assert.isString(page2.body().meta.next_cursor)
  })

  test('PostgreSQL: above 10,000 matching products the total is the planner estimate, marked as such; a narrow filter is counted exactly', async ({
    client,
    assert,
  }) => {
    if (!isPostgres()) {
      // SQLite has no planner estimate: every total is a count (cached per
      // filter set, as the tests above check on both databases).
      const response = await client.get('/api/v1/products')
      assert.isFalse(response.body().meta.total_is_estimate)
      return
    }
    const ace = await app.container.make('ace')
    const command = await ace.exec('catalog:generate', ['--products', '12000', '--variants', '1'])
    assert.equal(command.exitCode, 0)
    await db.rawQuery('analyze products')

    const statements: string[] = []
    let body: Record<string, any> = {}
    statements.push(
      ...(await countQueries(async () => {
        const response = await client.get('/api/v1/products?per_page=20')
        response.assertStatus(200)
        body = response.body()
      }))
    )
    assert.isTrue(body.meta.total_is_estimate)
    assert.isAtLeast(body.meta.total, 12000 * 0.8)
    assert.isAtMost(body.meta.total, 12000 * 1.2)
    assert.equal(body.meta.last_page, Math.ceil(body.meta.total / 20))
    assert.lengthOf(body.data, 20)
    // One statement: the page and its total (catalog_total answers the
    // planner's estimate, marked as such above: no count over 12,000 rows).
    assert.lengthOf(statements, 1)
    assert.include(statements[0], 'catalog_total(')
    assert.lengthOf(counts(statements), 0)

    const narrow = await client.get('/api/v1/products?q=generated-nothing-matches-this')
    narrow.assertStatus(200)
    assert.isFalse(narrow.body().meta.total_is_estimate)
    assert.equal(narrow.body().meta.total, 0)

    // A price filter: the planner is asked about the products whose price
    // range meets it (a superset, cheaper to plan), and the matches are
    // counted exactly below 10,000.
    const wide = await client.get('/api/v1/products?min_price=0.01&max_price=100000.00&per_page=20')
    wide.assertStatus(200)
    assert.isTrue(wide.body().meta.total_is_estimate)
    assert.isAtLeast(wide.body().meta.total, 12000 * 0.8)
    assert.isAtMost(wide.body().meta.total, 12000 * 1.2)
    const [{ low }] = await db
      .from('products')
      .where('is_active', true)
      .select(db.raw('min(price) as low'))
    const from = Number(low)
    const to = from + 500
    const exact = await db
      .from('products')
      .where('is_active', true)
      .whereExists((variants) =>
        variants
          .from('product_variants')
          .whereColumn('product_variants.product_id', 'products.id')
          .where('product_variants.is_active', true)
          .whereBetween('product_variants.price', [from, to])
      )
      .count('* as n')
    const cheap = await client.get(
      `/api/v1/products?min_price=${(from / 100).toFixed(2)}&max_price=${(to / 100).toFixed(2)}&per_page=5`
    )
    cheap.assertStatus(200)
    assert.isAbove(Number(exact[0].n), 5, 'the narrow range fills more than a page')
    assert.isBelow(Number(exact[0].n), 10_000)
    assert.isFalse(cheap.body().meta.total_is_estimate)
    assert.equal(cheap.body().meta.total, Number(exact[0].n))
  }).timeout(120_000)
})

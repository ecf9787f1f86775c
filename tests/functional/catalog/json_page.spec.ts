import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import ProductImage from '#models/product_image'
import { serializeProduct } from '#serializers/catalog_serializer'
import { CatalogCache } from '#services/catalog_cache'
import { truncateAll } from '#tests/support/database'
import { countQueries } from '#tests/support/query_counter'
import { createProductWithVariants } from '#tests/support/variants'

/**
 * A product of a list is its detail without what only the detail shows.
 */
function asListed(detail: Record<string, unknown>) {
  const listed = { ...detail }
  for (const key of ['options', 'variants', 'tax_class']) delete listed[key]
  return listed
}

/**
 * Issue 21, item 3: on PostgreSQL a list page's JSON is written by the
 * database in the page's statement (app/services/catalog_json_page.ts),
 * on SQLite by the serializer. Either way a product reads in a list
 * exactly as in its detail (serializeProduct), whatever its data.
 */
test.group('Catalog: list pages written by the database (issue 21)', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    await CatalogCache.clearAll()
  })
  group.teardown(() => truncateAll())

  test('every product of page 1, a page by cursor forwards and backwards, reads as its detail', async ({
    client,
    assert,
  }) => {
    const category = await CategoryFactory.merge({ name: 'Lamps "& Light"' }).create()
    const plain = await ProductFactory.merge({
      name: 'Quote\'s "lamp" \\ back\\slash ✓ 日本',
      description: null,
      price: 5,
      stock: 0,
      categoryId: category.id,
      createdAt: DateTime.fromISO('2026-01-02T03:04:05.678Z'),
    }).create()
    await ProductImage.createMany([
      { productId: plain.id, url: '/img/c.jpg', alt: null, position: 2 },
      { productId: plain.id, url: '/img/b.jpg', alt: 'Tab\there', position: 1 },
      { productId: plain.id, url: '/img/a.jpg', alt: 'Same position, newer id', position: 1 },
    ])
    const { product: ranged } = await createProductWithVariants({
      name: 'Tee with a range',
      options: [{ name: 'Size', values: ['S', 'L'] }],
      variants: [
        { sku: 'JP-TEE-S', values: ['S'], price: 1999, stock: 3 },
        { sku: 'JP-TEE-L', values: ['L'], price: 123456, stock: 0 },
      ],
    })
    await ProductFactory.merge({ price: 100_000_00, stock: 7 }).createMany(12)
    await ProductFactory.merge({ isActive: false }).create()

    const details = new Map<number, Record<string, unknown>>()
    const detailOf = async (id: number) => {
      if (!details.has(id)) {
        const response = await client.get(`/api/v1/products/${id}`)
        response.assertStatus(200)
        details.set(id, asListed(response.body().data))
      }
      return details.get(id)!
    }

    let pageOne: Record<string, any> = {}
    const statements = await countQueries(async () => {
      const response = await client.get('/api/v1/products?per_page=6&sort=price')
      response.assertStatus(200)
      pageOne = response.body()
    })
    // The page with its categories and images is one statement (then the
    // total: the page is full).
    assert.match(statements[0], /product_images/)
    assert.isTrue(statements.slice(1).every((sql) => /^explain|count\(\*\)/i.test(sql)))
    assert.lengthOf(pageOne.data, 6)
    assert.deepEqual(pageOne.data.map((product: { id: number }) => product.id).slice(0, 2), [
      plain.id,
      ranged.id,
    ])
    for (const product of pageOne.data) {
      assert.deepEqual(product, await detailOf(product.id))
    }
    const first = pageOne.data[0]
    assert.equal(first.price, '0.05')
    assert.isNull(first.description)
    assert.isFalse(first.in_stock)
    assert.equal(first.created_at, '2026-01-02T03:04:05Z')
    // By position, then id (b was made before a).
    assert.deepEqual(
      first.images.map((image: { url: string }) => image.url),
      ['/img/b.jpg', '/img/a.jpg', '/img/c.jpg']
    )
    assert.deepEqual(
      [pageOne.data[1].price, pageOne.data[1].max_price, pageOne.data[1].in_stock],
      ['19.99', '1234.56', true]
    )

    const next = await client.get(
      `/api/v1/products?per_page=6&sort=price&cursor=${encodeURIComponent(pageOne.meta.next_cursor)}`
    )
    next.assertStatus(200)
    assert.lengthOf(next.body().data, 6)
    for (const product of next.body().data) {
      assert.deepEqual(product, await detailOf(product.id))
    }
    const third = await client.get(
      `/api/v1/products?per_page=6&sort=price&cursor=${encodeURIComponent(next.body().meta.next_cursor)}`
    )
    third.assertStatus(200)
    assert.lengthOf(third.body().data, 2)
    assert.isNull(third.body().meta.next_cursor)

    const back = await client.get(
      `/api/v1/products?per_page=6&sort=price&cursor=${encodeURIComponent(third.body().meta.prev_cursor)}`
    )
    back.assertStatus(200)
    assert.deepEqual(back.body().data, next.body().data)
    assert.deepEqual(
      (
        await client.get(
          `/api/v1/products?per_page=6&sort=price&cursor=${encodeURIComponent(back.body().meta.prev_cursor)}`
        )
      ).body().data,
      pageOne.data
    )
  })

  test('an empty page and a page past the end are empty arrays with their meta', async ({
    client,
    assert,
  }) => {
    const empty = await client.get('/api/v1/products?per_page=5')
    empty.assertStatus(200)
    assert.deepEqual(empty.body().data, [])
    assert.equal(empty.body().meta.total, 0)
    assert.isNull(empty.body().meta.next_cursor)

    await ProductFactory.createMany(3)
    const past = await client.get('/api/v1/products?per_page=5&page=4&sort=name')
    past.assertStatus(200)
    assert.deepEqual(past.body().data, [])
    assert.equal(past.body().meta.total, 3)
    assert.isNull(past.body().meta.prev_cursor)
  })

  test('a full page counts its total in the same statement, whatever the search text holds (quotes, %, ?, $$, backslashes)', async ({
    client,
    assert,
  }) => {
    const category = await CategoryFactory.create()
    const odd = "O'Brien 100% ?what $$ back\\slash"
    await ProductFactory.merge({
      name: `${odd} kettle`,
      categoryId: category.id,
      stock: 4,
    }).createMany(7)
    await ProductFactory.merge({
      name: `${odd} kettle`,
      categoryId: category.id,
      stock: 0,
    }).create()
    await ProductFactory.merge({ name: 'Plain kettle', categoryId: category.id }).createMany(3)
    await ProductFactory.merge({ name: `${odd} kettle` }).createMany(2)

    const cases: Array<[string, number]> = [
      [`q=${encodeURIComponent(odd)}`, 10],
      // Not by relevance: the page's own statement counts (catalog_total).
      [`q=${encodeURIComponent(odd)}&sort=name`, 10],
      [`q=${encodeURIComponent(odd)}&sort=-price&in_stock=true`, 9],
      [`q=${encodeURIComponent(odd)}&category=${category.slug}`, 8],
      [`q=${encodeURIComponent(odd)}&category=${category.slug}&in_stock=true`, 7],
      [`category=${category.slug}&sort=name`, 11],
      [`category=${category.slug}&sort=price&min_price=0.00&max_price=999999.00`, 11],
    ]
    for (const [query, total] of cases) {
      const response = await client.get(`/api/v1/products?per_page=2&${query}`)
      response.assertStatus(200)
      assert.lengthOf(response.body().data, 2, query)
      assert.deepInclude(
        response.body().meta,
        { total, total_is_estimate: false, last_page: Math.ceil(total / 2) },
        query
      )
    }
  })
  test('a product detail, public and staff, reads as its models preloaded; on PostgreSQL in one statement', async ({
    client,
    assert,
  }) => {
    const category = await CategoryFactory.merge({ name: 'Shirts "& Tees"' }).create()
    const { product } = await createProductWithVariants({
      name: 'Detail tee ✓ "quoted"',
      options: [
        { name: 'Size', values: ['S', 'M', 'L'] },
        { name: 'Colour', values: ['Red', 'Blue \\ "navy"'] },
      ],
      variants: [
        { sku: 'DT-S-RED', values: ['S', 'Red'], price: 1999, stock: 3 },
        { sku: 'DT-M-BLUE', values: ['M', 'Blue \\ "navy"'], price: 2499, stock: 0 },
        { sku: 'DT-L-RED', values: ['L', 'Red'], price: 2999, stock: 9, isActive: false },
      ],
    })
    await Product.query().where('id', product.id).update({ categoryId: category.id })
    await ProductImage.createMany([
      { productId: product.id, url: '/img/z.jpg', alt: 'Second', position: 2 },
      { productId: product.id, url: '/img/y.jpg', alt: null, position: 1 },
    ])
    await CatalogCache.clearAll()

    const preloaded = (activeOnly: boolean) =>
      Product.query()
        .where('id', product.id)
        .preload('category')
        .preload('images')
        .preload('options', (options) => options.orderBy('position').orderBy('id'))
        .preload('variants', (variants) => {
          variants.orderBy('position').orderBy('id')
          if (activeOnly) variants.where('is_active', true)
        })
        .firstOrFail()

    let publicBody: any
    const statements = await countQueries(async () => {
      const response = await client.get(`/api/v1/products/${product.id}`)
      response.assertStatus(200)
      publicBody = response.body()
    })
    const expected = JSON.parse(JSON.stringify(serializeProduct(await preloaded(true))))
    assert.deepEqual(publicBody.data, expected)
    assert.deepEqual(
      publicBody.data.variants.map((variant: { sku: string }) => variant.sku),
      ['DT-S-RED', 'DT-M-BLUE']
    )
    assert.deepEqual(publicBody.data.variants[1].options, { Size: 'M', Colour: 'Blue \\ "navy"' })
    if (db.connection().dialect.name === 'postgres') {
      assert.lengthOf(statements, 1, statements.join('\n'))
    }

    // Staff see the inactive variant too, the same way.
    const staff = await UserFactory.apply('staff').create()
    const staffResponse = await client.get(`/api/v1/products/${product.id}`).loginAs(staff)
    staffResponse.assertStatus(200)
    assert.deepEqual(
      staffResponse.body().data,
      JSON.parse(
        JSON.stringify(serializeProduct(await preloaded(false), { includeInactive: true }))
      )
    )
    assert.lengthOf(staffResponse.body().data.variants, 3)
  })
})

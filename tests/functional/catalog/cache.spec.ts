import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import { CategoryFactory, ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { countQueries } from '#tests/support/query_counter'
import { CatalogCache } from '#services/catalog_cache'

test.group('Catalog: cached reads and invalidation', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    await CatalogCache.clearAll()
  })

  test('a second identical read is served from the cache without SQL', async ({
    client,
    assert,
  }) => {
    const category = await CategoryFactory.merge({ slug: 'gear' }).create()
    const product = await ProductFactory.merge({ categoryId: category.id, slug: 'tent' }).create()

    for (const url of [
      '/api/v1/products?category=gear&sort=price',
      `/api/v1/products/${product.id}`,
      '/api/v1/products/tent',
      '/api/v1/categories',
      '/api/v1/categories/gear',
    ]) {
      const first = await countQueries(async () => {
        const response = await client.get(url)
        response.assertStatus(200)
      })
      if (url.startsWith('/api/v1/products')) {
        assert.isAbove(first.length, 0, `${url}: the first read queries the database`)
      }

      let body = ''
      const second = await countQueries(async () => {
        const response = await client.get(url)
        response.assertStatus(200)
        response.assertHeader('content-type', 'application/json; charset=utf-8')
        body = response.text()
      })
      assert.lengthOf(second, 0, `${url}: the second read issues no SQL`)
      assert.doesNotThrow(() => JSON.parse(body))
    }
  })

  test('a product update through the API shows on the next read', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ name: 'Old name', price: 1000 }).create()
    await client.get('/api/v1/products')
    await client.get(`/api/v1/products/${product.id}`)

    const update = await client
      .patch(`/api/v1/products/${product.id}`)
      .loginAs(staff)
      .json({ name: 'New name', price: '12.50' })
    update.assertStatus(200)

    const list = await client.get('/api/v1/products')
    assert.equal(list.body().data[0].name, 'New name')
    assert.equal(list.body().data[0].price, '12.50')
    const detail = await client.get(`/api/v1/products/${product.id}`)
    assert.equal(detail.body().data.name, 'New name')
  })

  test('every spelling of a cached read (its ready body per URL) shows a change on the next read', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const category = await CategoryFactory.merge({ slug: 'lamps' }).create()
    const product = await ProductFactory.merge({
      name: 'Desk lamp',
      slug: 'desk-lamp',
      price: 1000,
      categoryId: category.id,
    }).create()
    await product.load('variants')
    const sku = product.variants[0].sku
    const lists = [
      '/api/v1/products?category=lamps&sort=price',
      '/api/v1/products?sort=price&category=lamps',
      '/api/v1/products?sort=price&category=lamp%73',
    ]
    const details = [`/api/v1/products/${product.id}`, '/api/v1/products/desk-lamp']
    // Twice each: the second read is the one kept as ready bytes.
    for (let round = 0; round < 2; round++) {
      for (const url of [...lists, ...details, `/api/v1/variants/${sku}`]) {
        ;(await client.get(url)).assertStatus(200)
      }
    }

    const update = await client
      .patch(`/api/v1/products/${product.id}`)
      .loginAs(staff)
      .json({ name: 'Reading lamp', price: '12.50' })
    update.assertStatus(200)

    for (const url of lists) {
      const list = await client.get(url)
      assert.deepEqual(
        [list.body().data[0].name, list.body().data[0].price],
        ['Reading lamp', '12.50'],
        url
      )
    }
    for (const url of details) {
      const detail = await client.get(url)
      assert.deepEqual(
        [detail.body().data.name, detail.body().data.price],
        ['Reading lamp', '12.50'],
        url
      )
    }
    const variant = await client.get(`/api/v1/variants/${sku}`)
    assert.deepEqual(
      [variant.body().data.price, variant.body().data.product.name],
      ['12.50', 'Reading lamp']
    )
  })

  test('a stock change made through the model (as the panel does) shows on the next read', async ({
    client,
    assert,
  }) => {
    const product = await ProductFactory.merge({ stock: 7 }).create()
    const before = await client.get('/api/v1/products?in_stock=true')
    assert.equal(before.body().data[0].stock, 7)

    product.stock = 0
    await product.save()

    const list = await client.get('/api/v1/products')
    assert.equal(list.body().data[0].stock, 0)
    assert.isFalse(list.body().data[0].in_stock)
    const inStock = await client.get('/api/v1/products?in_stock=true')
    assert.equal(inStock.body().meta.total, 0)
  })

  test('a change inside a transaction shows after the commit, and a rollback changes nothing', async ({
    client,
    assert,
  }) => {
    const product = await ProductFactory.merge({ stock: 3 }).create()
    await client.get(`/api/v1/products/${product.id}`)

    const trx = await db.transaction()
    const locked = await Product.findOrFail(product.id, { client: trx })
    locked.stock = 99
    await locked.save()
    await trx.rollback()

    const afterRollback = await client.get(`/api/v1/products/${product.id}`)
    assert.equal(afterRollback.body().data.stock, 3)

    await db.transaction(async (committed) => {
      const row = await Product.findOrFail(product.id, { client: committed })
      row.stock = 11
      await row.save()
    })
    const afterCommit = await client.get(`/api/v1/products/${product.id}`)
    assert.equal(afterCommit.body().data.stock, 11)
  })

  test('a delete shows on the next read', async ({ client, assert }) => {
    const staff = await UserFactory.apply('admin').create()
    const product = await ProductFactory.create()
    await client.get('/api/v1/products')
    await client.get(`/api/v1/products/${product.id}`)

    const removal = await client.delete(`/api/v1/products/${product.id}`).loginAs(staff)
    removal.assertStatus(204)

    const list = await client.get('/api/v1/products')
    assert.equal(list.body().meta.total, 0)
    const detail = await client.get(`/api/v1/products/${product.id}`)
    detail.assertStatus(404)
  })

  test('renaming a category shows in the tree, the lists and the details', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const category = await CategoryFactory.merge({ name: 'Before', slug: 'before' }).create()
    const product = await ProductFactory.merge({ categoryId: category.id }).create()
    await client.get('/api/v1/categories')
    await client.get('/api/v1/products')
    await client.get(`/api/v1/products/${product.id}`)

    const rename = await client
      .patch(`/api/v1/categories/${category.id}`)
      .loginAs(staff)
      .json({ name: 'After' })
    rename.assertStatus(200)

    const tree = await client.get('/api/v1/categories')
    assert.equal(tree.body().data[0].name, 'After')
    const list = await client.get('/api/v1/products')
    assert.equal(list.body().data[0].category.name, 'After')
    const detail = await client.get(`/api/v1/products/${product.id}`)
    assert.equal(detail.body().data.category.name, 'After')
  })

  test('cache stats count hits and misses (staff only)', async ({ client, assert }) => {
    const staff = await UserFactory.apply('staff').create()
    await ProductFactory.create()
    const before = await client.get('/api/v1/admin/cache/stats').loginAs(staff)
    before.assertStatus(200)

    await client.get('/api/v1/products?sort=name')
    await client.get('/api/v1/products?sort=name')

    const after = await client.get('/api/v1/admin/cache/stats').loginAs(staff)
    const delta = (key: 'hits' | 'misses') => after.body().data[key] - before.body().data[key]
    assert.isAtLeast(delta('misses'), 1)
    assert.isAtLeast(delta('hits'), 1)
    assert.isNumber(after.body().data.hit_ratio)
    const redisConfigured = Boolean(process.env.REDIS_HOST || process.env.REDIS_URL)
    assert.equal(after.body().data.redis.configured, redisConfigured)
    assert.equal(after.body().data.redis.reachable, redisConfigured ? true : null)
  })
})

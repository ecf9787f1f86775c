import { test } from '@japa/runner'
import type { ApiClient } from '@japa/api-client'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { CatalogCache } from '#services/catalog_cache'
import { truncateAll } from '#tests/support/database'
import { countQueries } from '#tests/support/query_counter'
import { placeOrder } from '#tests/support/orders'
import { createProductWithVariants } from '#tests/support/variants'

/**
 * A GET and the SQL it sent: none when the cached body answered.
 */
async function read(client: ApiClient, url: string) {
  let body: Record<string, any> = {}
  const statements = await countQueries(async () => {
    const response = await client.get(url)
    response.assertStatus(200)
    body = response.body()
  })
  return { body, statements: statements.length }
}

function entry(body: Record<string, any>, id: number) {
  return (body.data as Array<Record<string, any>>).find((product) => product.id === id)
}

/**
 * Issue 21, item 5: a stock move clears what it changes (the product's
 * detail, the lists sorted by stock, the lists whose members may have
 * changed), not every list that holds the product.
 */
test.group('Catalog: caches that survive a sale (issue 21)', (group) => {
  group.each.setup(async () => {
    await truncateAll()
    await CatalogCache.clearAll()
  })

  test('a sale that leaves the product in stock keeps its lists cached; its detail and the stock-sorted lists are read again', async ({
    client,
    assert,
  }) => {
    const buyer = await UserFactory.create()
    const lamp = await ProductFactory.merge({ stock: 5, isActive: true }).create()
    await ProductFactory.merge({ stock: 9, isActive: true }).createMany(3)

    const lists = [
      '/api/v1/products',
      '/api/v1/products?in_stock=true',
      '/api/v1/products?sort=-stock',
    ]
    for (const url of lists) {
      assert.isAbove((await read(client, url)).statements, 0, `${url} is read once`)
      assert.equal((await read(client, url)).statements, 0, `${url} is cached`)
    }
    await read(client, `/api/v1/products/${lamp.id}`)

    await placeOrder(client, buyer, [[lamp, 2]])

    const plain = await read(client, '/api/v1/products')
    assert.equal(plain.statements, 0, 'the plain list is still cached')
    assert.deepInclude(entry(plain.body, lamp.id), { in_stock: true, stock: 5 })
    const inStock = await read(client, '/api/v1/products?in_stock=true')
    assert.equal(inStock.statements, 0, 'no variant went in or out of stock: still cached')

    const sorted = await read(client, '/api/v1/products?sort=-stock')
    assert.isAbove(sorted.statements, 0, 'the stock order moved: read again')
    assert.equal(entry(sorted.body, lamp.id)?.stock, 3)
    assert.equal(sorted.body.data.at(-1).id, lamp.id)

    const detail = await read(client, `/api/v1/products/${lamp.id}`)
    assert.isAbove(detail.statements, 0)
    assert.equal(detail.body.data.stock, 3)
  })

  test('selling the last unit clears every list: the product shows out of stock wherever it is listed', async ({
    client,
    assert,
  }) => {
    const buyer = await UserFactory.create()
    const lamp = await ProductFactory.merge({ stock: 1, isActive: true }).create()
    await ProductFactory.merge({ stock: 9, isActive: true }).create()
    await read(client, '/api/v1/products')
    await read(client, '/api/v1/products?in_stock=true')

    await placeOrder(client, buyer, [[lamp, 1]])

    const plain = await read(client, '/api/v1/products')
    assert.isAbove(plain.statements, 0)
    assert.deepInclude(entry(plain.body, lamp.id), { in_stock: false, stock: 0 })
    const inStock = await read(client, '/api/v1/products?in_stock=true')
    assert.isUndefined(entry(inStock.body, lamp.id))
  })

  test('a variant selling out while its product stays in stock clears the in_stock lists (one variant decides with a price filter), not the others', async ({
    client,
    assert,
  }) => {
    const buyer = await UserFactory.create()
    const { product, variants } = await createProductWithVariants({
      name: 'Tee',
      options: [{ name: 'Size', values: ['S', 'M'] }],
      variants: [
        { sku: 'TEE-S', values: ['S'], price: 4000, stock: 1 },
        { sku: 'TEE-M', values: ['M'], price: 8000, stock: 6 },
      ],
    })
    const cheapInStock = '/api/v1/products?in_stock=true&max_price=50'
    const before = await read(client, cheapInStock)
    assert.isDefined(entry(before.body, product.id))
    await read(client, '/api/v1/products')

    const response = await client
      .post('/api/v1/orders')
      .loginAs(buyer)
      .json({ items: [{ variant_id: variants[0].id, quantity: 1 }] })
    response.assertStatus(201)

    const after = await read(client, cheapInStock)
    assert.isAbove(after.statements, 0)
    assert.isUndefined(entry(after.body, product.id), 'its only variant at 40 is sold out')
    const plain = await read(client, '/api/v1/products')
    assert.equal(plain.statements, 0, 'the product is still in stock: the plain list stays')
    assert.deepInclude(entry(plain.body, product.id), { in_stock: true })
  })
})

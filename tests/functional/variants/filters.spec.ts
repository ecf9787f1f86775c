import { test } from '@japa/runner'
import { truncateAll } from '#tests/support/database'
import { ProductFactory } from '#database/factories/catalog_factory'
import { shirt } from './helpers.js'

/**
 * The list filters match a product when ONE active variant matches all of
 * them together (issue 17, item 2), on SQLite and PostgreSQL.
 */
test.group('Variants: list filters and sort', (group) => {
  group.each.setup(() => truncateAll())

  async function names(client: any, query: string) {
    const response = await client.get(`/api/v1/products?${query}`)
    response.assertStatus(200)
    return (response.body().data as Array<{ name: string }>).map((product) => product.name)
  }

  test('an in-stock variant at 80 and an out-of-stock one at 40: not found by in_stock=true&max_price=50', async ({
    client,
    assert,
  }) => {
    await shirt([
      { sku: 'TEE-M-RED', options: { Size: 'M', Colour: 'red' }, price: '80.00', stock: 3 },
      { sku: 'TEE-S-RED', options: { Size: 'S', Colour: 'red' }, price: '40.00', stock: 0 },
    ])
    assert.deepEqual(await names(client, 'in_stock=true&max_price=50'), [])
    assert.deepEqual(await names(client, 'max_price=50'), ['Tee'])
    assert.deepEqual(await names(client, 'in_stock=true'), ['Tee'])
    assert.deepEqual(await names(client, 'in_stock=true&min_price=60'), ['Tee'])
    assert.deepEqual(await names(client, 'in_stock=true&min_price=60&max_price=79.99'), [])
    assert.deepEqual(await names(client, 'min_price=40&max_price=40'), ['Tee'])
    assert.deepEqual(await names(client, 'in_stock=false'), [])
  })

  test('list items show the price range over active variants and whether any is in stock', async ({
    client,
    assert,
  }) => {
    await shirt([
      { sku: 'TEE-S', options: { Size: 'S', Colour: 'red' }, price: '20.00', stock: 0 },
      { sku: 'TEE-M', options: { Size: 'M', Colour: 'red' }, price: '25.00', stock: 2 },
      {
        sku: 'TEE-L',
        options: { Size: 'L', Colour: 'red' },
        price: '5.00',
        stock: 9,
        is_active: false,
      },
    ])
    const response = await client.get('/api/v1/products')
    response.assertStatus(200)
    const [item] = response.body().data
    assert.equal(item.price, '20.00')
    assert.equal(item.max_price, '25.00')
    assert.equal(item.stock, 2)
    assert.isTrue(item.in_stock)
    assert.notProperty(item, 'variants')
    /**
     * The inactive variant (5.00) matches no filter.
     */
    assert.deepEqual(await names(client, 'max_price=10'), [])
  })

  test('a product whose variants are all out of stock is in_stock=false', async ({
    client,
    assert,
  }) => {
    await shirt([
      { sku: 'TEE-S', options: { Size: 'S', Colour: 'red' }, price: '20.00', stock: 0 },
      { sku: 'TEE-M', options: { Size: 'M', Colour: 'red' }, price: '25.00', stock: 0 },
    ])
    const [item] = (await client.get('/api/v1/products')).body().data
    assert.isFalse(item.in_stock)
    assert.deepEqual(await names(client, 'in_stock=false&max_price=22'), ['Tee'])
    assert.deepEqual(await names(client, 'in_stock=true'), [])
  })

  test('sort=price sorts by the lowest active variant price', async ({ client, assert }) => {
    await shirt(
      [
        { sku: 'A-S', options: { Size: 'S' }, price: '30.00', stock: 1 },
        { sku: 'A-M', options: { Size: 'M' }, price: '90.00', stock: 1 },
      ],
      [{ name: 'Size', values: ['S', 'M'] }],
      'Alpha'
    )
    await shirt(
      [
        { sku: 'B-S', options: { Size: 'S' }, price: '50.00', stock: 1 },
        /**
         * The cheapest, but inactive: not the product's price.
         */
        { sku: 'B-M', options: { Size: 'M' }, price: '10.00', stock: 1, is_active: false },
      ],
      [{ name: 'Size', values: ['S', 'M'] }],
      'Beta'
    )
    await ProductFactory.merge({ name: 'Gamma', price: 4000, maxPrice: 4000 }).create()
    assert.deepEqual(await names(client, 'sort=price'), ['Alpha', 'Gamma', 'Beta'])
    assert.deepEqual(await names(client, 'sort=-price'), ['Beta', 'Gamma', 'Alpha'])
  })
})

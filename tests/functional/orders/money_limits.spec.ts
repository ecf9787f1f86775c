import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'

/**
 * The documented ceilings (README, API conventions): a price of at most
 * 1000000.00, an order line and an order of at most 10000000.00.
 */
const MAX_PRICE = 100_000_000
const MAX_ORDER = 1_000_000_000

function errorCodes(response: { body(): any }) {
  return (response.body().errors ?? []).map((error: { code: string }) => error.code)
}

test.group('Money: documented ceilings, no overflow', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 10
  test('a price over 1000000.00 (e.g. 21474836.48) is 422 naming the ceiling', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    for (const price of ['21474836.48', '1000000.01', '999999999.99']) {
      const response = await client
        .post('/api/v1/products')
        .loginAs(staff)
        .json({ name: 'Yacht', price, stock: 1 })
      response.assertStatus(422)
      const error = response.body().errors.find((item: { field: string }) => item.field === 'price')
      assert.include(error.message, '1000000.00')
    }
    const product = await ProductFactory.merge({ price: 1000 }).create()
    const patched = await client
      .patch(`/api/v1/products/${product.id}`)
      .loginAs(staff)
      .json({ price: '21474836.48' })
    patched.assertStatus(422)
    await product.refresh()
    assert.equal(product.price, 1000)
    assert.lengthOf(await Product.all(), 1)

    const atCeiling = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Yacht', price: '1000000.00', stock: 1 })
    atCeiling.assertStatus(201)
    atCeiling.assertBodyContains({ data: { price: '1000000.00' } })
  })

  // issue 14, finding 10
  test('99 x 250000.00 at checkout is 422 E_LINE_TOTAL_TOO_HIGH, and nothing is taken', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 25_000_000, stock: 200 }).create()
    const response = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({ items: [{ product_id: product.id, quantity: 99 }] })
    response.assertStatus(422)
    assert.include(errorCodes(response), 'E_LINE_TOTAL_TOO_HIGH')
    assert.include(response.body().errors[0].message, '10000000.00')
    assert.include(response.body().errors[0].message, '24750000.00')
    assert.lengthOf(await db.from('orders'), 0)
    await product.refresh()
    assert.equal(product.stock, 200)
  })

  // issue 14, finding 10
  test('an order over 10000000.00 is 422 E_ORDER_TOTAL_TOO_HIGH; one at the ceiling is placed', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const [a, b] = await ProductFactory.merge({ price: MAX_PRICE, stock: 100 }).createMany(2)
    const over = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({
        items: [
          { product_id: a.id, quantity: 6 },
          { product_id: b.id, quantity: 6 },
        ],
      })
    over.assertStatus(422)
    assert.include(errorCodes(over), 'E_ORDER_TOTAL_TOO_HIGH')
    assert.lengthOf(await db.from('orders'), 0)

    const atCeiling = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({
        items: [
          { product_id: a.id, quantity: 5 },
          { product_id: b.id, quantity: 5 },
        ],
      })
    atCeiling.assertStatus(201)
    atCeiling.assertBodyContains({ data: { total: '10000000.00' } })
    const [order] = await db.from('orders')
    assert.strictEqual(order.total, MAX_ORDER)
    const lines = await db.from('order_items').orderBy('id')
    assert.deepEqual(
      lines.map((line) => line.line_total),
      [500_000_000, 500_000_000]
    )
  })

  // issue 14, finding 10
  test('the cart refuses a line or a cart it could never check out', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const pricey = await ProductFactory.merge({ price: 25_000_000, stock: 200 }).create()
    const line = await client
      .post('/api/v1/cart/items')
      .loginAs(user)
      .json({ product_id: pricey.id, quantity: 99 })
    line.assertStatus(422)
    assert.include(line.body().errors[0].message, '10000000.00')
    assert.lengthOf(await db.from('cart_items'), 0)

    const [a, b] = await ProductFactory.merge({ price: MAX_PRICE, stock: 100 }).createMany(2)
    ;(
      await client.post('/api/v1/cart/items').loginAs(user).json({ product_id: a.id, quantity: 6 })
    ).assertStatus(201)
    const tooMuch = await client
      .post('/api/v1/cart/items')
      .loginAs(user)
      .json({ product_id: b.id, quantity: 6 })
    tooMuch.assertStatus(422)
    assert.include(tooMuch.body().errors[0].message, 'at most 10000000.00')
    const raised = await client
      .patch(`/api/v1/cart/items/${a.id}`)
      .loginAs(user)
      .json({ quantity: 11 })
    raised.assertStatus(422)
    const rows = await db.from('cart_items')
    assert.deepEqual(
      rows.map((row) => [row.product_id, row.quantity]),
      [[a.id, 6]]
    )
  })

  // issue 14, finding 10
  test('money columns hold amounts beyond 32 bits and price filters beyond them answer', async ({
    client,
    assert,
  }) => {
    const isPostgres = db.connection().dialect.name === 'postgres'
    if (isPostgres) {
      const columns = await db
        .from('information_schema.columns')
        .where('table_schema', 'public')
        .whereIn(
          ['table_name', 'column_name'],
          [
            ['products', 'price'],
            ['orders', 'subtotal'],
            ['orders', 'total'],
            ['order_items', 'unit_price'],
            ['order_items', 'line_total'],
          ]
        )
        .select('table_name', 'column_name', 'data_type')
      assert.lengthOf(columns, 5)
      assert.deepEqual([...new Set(columns.map((column) => column.data_type))], ['bigint'])
    }
    // Beyond 2^31 minor units, read back as a number on both databases.
    const product = await ProductFactory.merge({ price: 1000 }).create()
    await db.from('products').where('id', product.id).update({ price: 3_000_000_000 })
    const [row] = await db.from('products').where('id', product.id).select('price')
    assert.strictEqual(row.price, 3_000_000_000)
    await db.from('products').where('id', product.id).update({ price: 1000 })

    const filtered = await client.get('/api/v1/products?min_price=999999999.99')
    filtered.assertStatus(200)
    assert.lengthOf(filtered.body().data, 0)
    const all = await client.get('/api/v1/products?max_price=999999999.99')
    all.assertStatus(200)
    assert.lengthOf(all.body().data, 1)
  })
})

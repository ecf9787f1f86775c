import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'

function errorFor(response: { body(): any }, field: string) {
  return (response.body().errors ?? []).find((error: { field?: string }) => error.field === field)
}

const LENIENT_INTEGERS = [
  { name: 'a hex string "0x10"', value: '0x10' },
  { name: 'true', value: true },
  { name: 'an exponent string "1e1"', value: '1e1' },
  { name: 'a padded string " 3 "', value: ' 3 ' },
  { name: 'a digit string "3"', value: '3' },
  { name: 'a fraction 2.5', value: 2.5 },
]

test.group('Validation: integers are integers', (group) => {
  group.each.setup(() => truncateAll())

  // issue 14, finding 20
  test('cart quantity as {name} is 422 naming the field; nothing is added')
    .with(LENIENT_INTEGERS)
    .run(async ({ client, assert }, row) => {
      const user = await UserFactory.create()
      const product = await ProductFactory.merge({ stock: 50 }).create()
      const response = await client
        .post('/api/v1/cart/items')
        .loginAs(user)
        .json({ product_id: product.id, quantity: row.value })
      response.assertStatus(422)
      const error = errorFor(response, 'quantity')
      assert.exists(error)
      assert.include(error.message, 'JSON number')
      assert.lengthOf(await db.from('cart_items'), 0)
    })

  // issue 14, finding 20
  test('a JSON number is still accepted (3, and 1e1 written as a number)', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 50 }).create()
    ;(
      await client
        .post('/api/v1/cart/items')
        .loginAs(user)
        .json({ product_id: product.id, quantity: 3 })
    ).assertStatus(201)
    // JSON.stringify writes 1e1 as 10: send the literal text.
    const login = await client
      .post('/api/v1/auth/login')
      .json({ email: user.email, password: 'password123' })
    const literal = await fetch(`${serverUrl()}/api/v1/cart/items`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'authorization': `Bearer ${login.body().data.tokens.access_token}`,
      },
      body: `{"product_id": ${product.id}, "quantity": 1e1}`,
    })
    assert.equal(literal.status, 200)
    const [line] = await db.from('cart_items')
    assert.equal(line.quantity, 13)
  })

  // issue 14, finding 20
  test('checkout, cart update and product_id refuse strings and booleans too', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 50 }).create()
    const checkout = await client
      .post('/api/v1/orders')
      .loginAs(user)
      .json({ items: [{ product_id: String(product.id), quantity: '2' }] })
    checkout.assertStatus(422)
    assert.exists(errorFor(checkout, 'items.0.product_id'))
    assert.exists(errorFor(checkout, 'items.0.quantity'))
    assert.lengthOf(await db.from('orders'), 0)

    await client
      .post('/api/v1/cart/items')
      .loginAs(user)
      .json({ product_id: product.id, quantity: 1 })
    const update = await client
      .patch(`/api/v1/cart/items/${product.id}`)
      .loginAs(user)
      .json({ quantity: true })
    update.assertStatus(422)
    assert.exists(errorFor(update, 'quantity'))
    const [line] = await db.from('cart_items')
    assert.equal(line.quantity, 1)
  })

  // issue 14, finding 20
  test('staff writes: stock "5", is_active "true" and category_id "1" are 422', async ({
    client,
    assert,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const response = await client
      .post('/api/v1/products')
      .loginAs(staff)
      .json({ name: 'Lamp', price: '10.00', stock: '5', is_active: 'true', category_id: '1' })
    response.assertStatus(422)
    for (const field of ['stock', 'is_active', 'category_id']) {
      assert.exists(errorFor(response, field), field)
    }
    assert.lengthOf(await Product.all(), 0)
  })

  // issue 14, finding 20
  test('query integers are plain decimal digits: {name} is 422')
    .with([
      { name: 'page=0x10', query: 'page=0x10', field: 'page' },
      { name: 'page=1e1', query: 'page=1e1', field: 'page' },
      { name: 'page=%203%20', query: 'page=%203%20', field: 'page' },
      { name: 'page=+3', query: 'page=%2B3', field: 'page' },
      { name: 'page=3.0', query: 'page=3.0', field: 'page' },
      { name: 'per_page=true', query: 'per_page=true', field: 'per_page' },
      { name: 'page given twice', query: 'page=1&page=2', field: 'page' },
    ])
    .run(async ({ client, assert }, row) => {
      const response = await client.get(`/api/v1/products?${row.query}`)
      response.assertStatus(422)
      const error = errorFor(response, row.field)
      assert.exists(error)
      assert.include(error.message, 'plain decimal digits')
    })

  // issue 14, finding 20
  test('plain digits still page, and route ids are digits only (others name nothing: 404)', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.create()
    ;(await client.get('/api/v1/products?page=1&per_page=05')).assertStatus(200)
    ;(await client.get('/api/v1/orders?page=0x1').loginAs(user)).assertStatus(422)
    ;(await client.get('/api/v1/admin/orders?user_id=1e1').loginAs(staff)).assertStatus(422)
    ;(
      await client
        .patch(`/api/v1/cart/items/0x${product.id.toString(16)}`)
        .loginAs(user)
        .json({
          quantity: 1,
        })
    ).assertStatus(404)
    ;(
      await client
        .patch(`/api/v1/products/0x${product.id.toString(16)}`)
        .loginAs(staff)
        .json({
          name: 'x',
        })
    ).assertStatus(404)
  })
})

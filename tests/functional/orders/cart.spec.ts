import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { defaultVariant, setPrice, setStock } from '#tests/support/variants'

test.group('Cart', (group) => {
  group.each.setup(() => truncateAll())

  test('an empty cart reads as empty without creating anything', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const response = await client.get('/api/v1/cart').loginAs(user)
    response.assertStatus(200)
    response.assertBodyContains({ data: { items: [], item_count: 0, total: '0.00' } })
    const carts = await db.from('carts').count('* as total')
    assert.equal(Number(carts[0].total), 0)
  })

  test('adding a product twice adds to its quantity; totals use the current price', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const lamp = await ProductFactory.merge({ price: 1250, stock: 10 }).create()
    const mug = await ProductFactory.merge({ price: 399, stock: 10 }).create()

    const first = await client
      .post('/api/v1/cart/items')
      .loginAs(user)
      .json({ product_id: lamp.id, quantity: 2 })
    first.assertStatus(201)
    const again = await client
      .post('/api/v1/cart/items')
      .loginAs(user)
      .json({ product_id: lamp.id, quantity: 3 })
    again.assertStatus(200)
    await client.post('/api/v1/cart/items').loginAs(user).json({ product_id: mug.id })

    await setPrice(lamp, 1000)

    const cart = await client.get('/api/v1/cart').loginAs(user)
    cart.assertStatus(200)
    assert.deepEqual(
      cart.body().data.items.map((item: any) => [item.product_id, item.quantity, item.line_total]),
      [
        [lamp.id, 5, '50.00'],
        [mug.id, 1, '3.99'],
      ]
    )
    assert.equal(cart.body().data.total, '53.99')
    assert.equal(cart.body().data.item_count, 6)
    assert.isFalse(cart.body().data.has_issues)
  })

  test('concurrent adds of the same product add up', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 50 }).create()
    const responses = await Promise.all(
      Array.from({ length: 8 }, () =>
        client
          .post('/api/v1/cart/items')
          .loginAs(user)
          .json({ product_id: product.id, quantity: 2 })
      )
    )
    for (const response of responses) {
      assert.oneOf(response.status(), [200, 201])
    }
    const rows = await db.from('cart_items').where('product_id', product.id)
    assert.lengthOf(rows, 1)
    assert.equal(rows[0].quantity, 16)
  })

  test('a line whose stock is now short is flagged', async ({ client, assert }) => {
    const user = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 4 }).create()
    await client
      .post('/api/v1/cart/items')
      .loginAs(user)
      .json({ product_id: product.id, quantity: 3 })
    await setStock(product, 2)
    const cart = await client.get('/api/v1/cart').loginAs(user)
    assert.isTrue(cart.body().data.items[0].stock_short)
    assert.equal(cart.body().data.items[0].stock, 2)
    assert.isTrue(cart.body().data.has_issues)
  })

  test('PATCH sets the quantity, 0 removes the line, DELETE removes it or the cart', async ({
    client,
    assert,
  }) => {
    const user = await UserFactory.create()
    const [a, b] = await ProductFactory.merge({ stock: 20 }).createMany(2)
    const [va, vb] = [await defaultVariant(a), await defaultVariant(b)]
    await client.post('/api/v1/cart/items').loginAs(user).json({ product_id: a.id })
    await client.post('/api/v1/cart/items').loginAs(user).json({ sku: vb.sku })

    const set = await client
      .patch(`/api/v1/cart/items/${va.id}`)
      .loginAs(user)
      .json({ quantity: 7 })
    set.assertStatus(200)
    assert.equal(set.body().data.items[0].quantity, 7)

    const zero = await client
      .patch(`/api/v1/cart/items/${va.id}`)
      .loginAs(user)
      .json({ quantity: 0 })
    zero.assertStatus(200)
    assert.deepEqual(
      zero.body().data.items.map((item: any) => item.product_id),
      [b.id]
    )

    const missing = await client
      .patch(`/api/v1/cart/items/${va.id}`)
      .loginAs(user)
      .json({ quantity: 1 })
    missing.assertStatus(404)

    ;(await client.delete(`/api/v1/cart/items/${vb.id}`).loginAs(user)).assertStatus(204)
    ;(await client.delete(`/api/v1/cart/items/${vb.id}`).loginAs(user)).assertStatus(404)

    await client.post('/api/v1/cart/items').loginAs(user).json({ product_id: a.id })
    ;(await client.delete('/api/v1/cart').loginAs(user)).assertStatus(204)
    const empty = await client.get('/api/v1/cart').loginAs(user)
    assert.lengthOf(empty.body().data.items, 0)
  })

  test('unknown or inactive products and bad quantities are 422; more than the stock is 409', async ({
    client,
  }) => {
    const user = await UserFactory.create()
    const inactive = await ProductFactory.apply('inactive').create()
    const product = await ProductFactory.merge({ stock: 3 }).create()

    const cases: Array<[Record<string, unknown>, number, string]> = [
      [{ product_id: 999_999 }, 422, 'product_id'],
      [{ product_id: inactive.id }, 422, 'product_id'],
      [{ product_id: product.id, quantity: 0 }, 422, 'quantity'],
      [{ product_id: product.id, quantity: 1.5 }, 422, 'quantity'],
      [{ product_id: product.id, quantity: 100 }, 422, 'quantity'],
      [{ product_id: 'abc' }, 422, 'product_id'],
    ]
    for (const [body, status, field] of cases) {
      const response = await client.post('/api/v1/cart/items').loginAs(user).json(body)
      response.assertStatus(status)
      response.assertBodyContains({ errors: [{ field }] })
    }
    const tooMany = await client
      .post('/api/v1/cart/items')
      .loginAs(user)
      .json({ product_id: product.id, quantity: 4 })
    tooMany.assertStatus(409)
    tooMany.assertBodyContains({
      errors: [{ code: 'E_INSUFFICIENT_STOCK', product_id: product.id, available: 3 }],
    })
    const badParam = await client
      .patch('/api/v1/cart/items/abc')
      .loginAs(user)
      .json({ quantity: 1 })
    badParam.assertStatus(404)
  })

  test('each user sees only their own cart; anonymous is 401', async ({ client, assert }) => {
    const [alice, bob] = await UserFactory.createMany(2)
    const product = await ProductFactory.create()
    await client.post('/api/v1/cart/items').loginAs(alice).json({ product_id: product.id })

    const bobs = await client.get('/api/v1/cart').loginAs(bob)
    assert.lengthOf(bobs.body().data.items, 0)
    const variant = await defaultVariant(product)
    ;(await client.delete(`/api/v1/cart/items/${variant.id}`).loginAs(bob)).assertStatus(404)
    const alices = await client.get('/api/v1/cart').loginAs(alice)
    assert.lengthOf(alices.body().data.items, 1)

    const anonymous = await client.get('/api/v1/cart')
    anonymous.assertStatus(401)
  })
})

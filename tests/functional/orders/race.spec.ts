import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Product from '#models/product'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { serverUrl } from '#tests/support/app_process'
import { jwtSigner } from '#config/auth'

test.group('Checkout: the race for the last units', (group) => {
  group.each.setup(() => truncateAll())

  test('50 users buy 1 of a product with stock 5 at once: 5 orders, 45 409s, stock 0', async ({
    assert,
  }) => {
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const users = await UserFactory.createMany(50)
    const tokens = await Promise.all(users.map(async (user) => (await jwtSigner.sign(user)).value))

    /**
     * Real concurrent HTTP requests, each on its own connection.
     */
    const statuses = await Promise.all(
      tokens.map(async (token) => {
        const response = await fetch(`${serverUrl()}/api/v1/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
          body: JSON.stringify({ items: [{ product_id: product.id, quantity: 1 }] }),
        })
        const body = (await response.json()) as {
          errors?: Array<{ code: string; available: number }>
        }
        if (response.status === 409) {
          assert.equal(body.errors?.[0].code, 'E_INSUFFICIENT_STOCK')
          assert.equal(body.errors?.[0].available, 0)
        }
        return response.status
      })
    )

    assert.equal(statuses.filter((status) => status === 201).length, 5)
    assert.equal(statuses.filter((status) => status === 409).length, 45)
    const fresh = await Product.findOrFail(product.id)
    assert.equal(fresh.stock, 0)
    const items = await db.from('order_items').where('product_id', product.id)
    assert.lengthOf(items, 5)
    const orders = await db.from('orders').select('user_id')
    assert.lengthOf(new Set(orders.map((order) => order.user_id)), 5)
    const negative = await db.from('products').where('stock', '<', 0).count('* as total')
    assert.equal(Number(negative[0].total), 0)
  }).timeout(60_000)

  test('orders over several shared products never oversell any of them', async ({ assert }) => {
    const products = await ProductFactory.merge({ stock: 6 }).createMany(3)
    const users = await UserFactory.createMany(30)
    const tokens = await Promise.all(users.map(async (user) => (await jwtSigner.sign(user)).value))

    await Promise.all(
      tokens.map((token, index) =>
        fetch(`${serverUrl()}/api/v1/orders`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'authorization': `Bearer ${token}` },
          body: JSON.stringify({
            // Lines in varying order, so lock ordering is what avoids deadlocks.
            items: (index % 2 ? [...products].reverse() : products).map((product) => ({
              product_id: product.id,
              quantity: 1 + (index % 2),
            })),
          }),
        }).then((response) => response.arrayBuffer())
      )
    )

    for (const product of products) {
      const fresh = await Product.findOrFail(product.id)
      const sold = await db
        .from('order_items')
        .where('product_id', product.id)
        .sum('quantity as total')
      assert.isAtLeast(fresh.stock, 0)
      assert.equal(fresh.stock + Number(sold[0].total ?? 0), 6)
    }
    const orders = await db.from('orders').select('id', 'total')
    for (const order of orders) {
      const lines = await db
        .from('order_items')
        .where('order_id', order.id)
        .sum('line_total as total')
      assert.equal(Number(lines[0].total), Number(order.total))
    }
  }).timeout(60_000)
})

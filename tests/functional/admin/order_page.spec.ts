import { test } from '@japa/runner'
import Order from '#models/order'
import Product from '#models/product'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { placeOrder } from '#tests/support/orders'
import { AdminSession } from '#tests/support/admin_session'

async function staffPanel() {
  const staff = await UserFactory.apply('staff').create()
  return AdminSession.signIn(staff.email, 'password123')
}

test.group('Panel actions answer money as decimal amounts', (group) => {
  group.each.setup(() => truncateAll())

  // issue 16, item 1
  test('"{action}" answers the order with subtotal and total as decimals')
    .with([
      { action: 'markShipped', from: 'pending', to: 'shipped' },
      { action: 'cancel', from: 'pending', to: 'cancelled' },
      { action: 'markDelivered', from: 'shipped', to: 'delivered' },
    ])
    .run(async ({ client, assert }, { action, from, to }) => {
      const panel = await staffPanel()
      const customer = await UserFactory.create()
      const product = await ProductFactory.merge({ price: 2477, stock: 10 }).create()
      const number = await placeOrder(client, customer, [[product, 3]])
      const order = await Order.findByOrFail('number', number)
      if (from === 'shipped') {
        await panel.api('GET', `/resources/orders/records/${order.id}/markShipped`)
      }

      const response = await panel.api('GET', `/resources/orders/records/${order.id}/${action}`)
      assert.equal(response.status, 200)
      assert.equal(response.body.notice.type, 'success')
      assert.equal(response.body.record.params.status, to)
      assert.equal(response.body.record.params.subtotal, '74.31')
      assert.equal(response.body.record.params.total, '74.31')
    })

  // issue 16, item 1
  test('a bulk move answers every order, moved, with decimal totals', async ({
    client,
    assert,
  }) => {
    const panel = await staffPanel()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1999, stock: 10 }).create()
    const numbers = [
      await placeOrder(client, customer, [[product, 1]]),
      await placeOrder(client, customer, [[product, 2]]),
    ]
    const orders = await Order.query().whereIn('number', numbers).orderBy('id')

    const response = await panel.api(
      'GET',
      `/resources/orders/bulk/bulkShip?recordIds=${orders.map((order) => order.id).join(',')}`
    )
    assert.equal(response.status, 200)
    const answered = new Map<string, any>(
      response.body.records.map((record: any) => [record.params.number, record.params])
    )
    assert.deepEqual(
      numbers.map((number) => answered.get(number)?.status),
      ['shipped', 'shipped']
    )
    assert.deepEqual(
      numbers.map((number) => answered.get(number)?.total),
      ['19.99', '39.98']
    )
  })

  // issue 16, item 1
  test('a stock adjustment answers the product with its price as a decimal', async ({ assert }) => {
    const panel = await staffPanel()
    const product = await ProductFactory.merge({ price: 7431, stock: 5 }).create()

    const response = await panel.api(
      'POST',
      `/resources/products/records/${product.id}/adjustStock`,
      { delta: '2', reason: 'found' }
    )
    assert.equal(response.status, 200)
    assert.equal(response.body.record.params.price, '74.31')
    assert.equal(response.body.record.params.stock, 7)
    await product.refresh()
    assert.equal(product.stock, 7)
    assert.instanceOf(product, Product)
  })
})

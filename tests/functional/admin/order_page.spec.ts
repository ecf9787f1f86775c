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

test.group('Panel order page data', (group) => {
  group.each.setup(() => truncateAll())

  // issue 16, item 2
  test('the show action answers the lines, totals, address, customer name, timeline and moves', async ({
    client,
    assert,
  }) => {
    const panel = await staffPanel()
    const customer = await UserFactory.merge({ fullName: 'Ada Packer' }).create()
    const lamp = await ProductFactory.merge({ name: 'Desk Lamp', price: 2477, stock: 10 }).create()
    const bulb = await ProductFactory.merge({ name: 'Bulb', price: 150, stock: 10 }).create()
    const number = await placeOrder(client, customer, [
      [lamp, 3],
      [bulb, 2],
    ])
    const order = await Order.findByOrFail('number', number)

    const shown = await panel.api('GET', `/resources/orders/records/${order.id}/show`)
    assert.equal(shown.status, 200)
    const page = shown.body.record.orderPage
    assert.equal(page.number, number)
    assert.equal(page.status, 'pending')
    assert.equal(page.currency, order.currency)
    assert.deepEqual(page.customer.name, 'Ada Packer')
    assert.isNull(page.customer.recordUrl)
    assert.notInclude(JSON.stringify(page), customer.email)
    assert.deepEqual(
      page.lines.map((line: any) => [
        line.productName,
        line.quantity,
        line.unitPrice,
        line.lineTotal,
      ]),
      [
        ['Desk Lamp', 3, '24.77', '74.31'],
        ['Bulb', 2, '1.50', '3.00'],
      ]
    )
    assert.equal(page.subtotal, '77.31')
    assert.include(page.address, order.shipLine1)
    assert.deepEqual(
      page.moves.map((move: any) => [move.action, move.destructive, move.effect]),
      [
        ['markShipped', false, null],
        ['cancel', true, 'restocks 5 items'],
      ]
    )
    const before = page.events.length

    const shipped = await panel.api('GET', `/resources/orders/records/${order.id}/markShipped`)
    const after = shipped.body.record.orderPage
    assert.equal(after.status, 'shipped')
    assert.equal(after.total, page.total)
    assert.lengthOf(after.events, before + 1)
    assert.containsSubset(after.events.at(-1), {
      type: 'status',
      from: 'pending',
      to: 'shipped',
      actorRole: 'staff',
    })
    assert.deepEqual(
      after.moves.map((move: any) => move.action),
      ['markDelivered']
    )
  })

  // issue 16, item 2
  test('the invoice PDF is served to a panel session and to no one else', async ({
    client,
    assert,
  }) => {
    const panel = await staffPanel()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ price: 1000, stock: 10 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])

    const pdf = await panel.request('GET', `/admin/orders/${number}/invoice`)
    assert.equal(pdf.status, 200)
    assert.equal(pdf.headers.get('content-type'), 'application/pdf')
    assert.equal(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString(),
      '%PDF-'
    )

    const missing = await panel.request('GET', '/admin/orders/NOPE-0/invoice')
    assert.equal(missing.status, 404)

    const anonymous = await fetch(`${panel.baseUrl}/admin/orders/${number}/invoice`, {
      redirect: 'manual',
    })
    assert.equal(anonymous.status, 302)
    assert.match(anonymous.headers.get('location') ?? '', /\/admin\/login$/)
  })
})

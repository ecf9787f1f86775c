import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import Order from '#models/order'
import OrderEvent from '#models/order_event'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { readPdf } from '#tests/support/pdf'
import { serverUrl } from '#tests/support/app_process'
import { jwtSigner } from '#config/auth'
import { placeOrder } from '#tests/support/orders'

test.group('Order lifecycle', (group) => {
  group.each.setup(() => truncateAll())

  test('staff ship then deliver; each move is an order_events row', async ({ client, assert }) => {
    const customer = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const number = await placeOrder(client, customer, [[product, 1]])

    const shipped = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })
    shipped.assertStatus(200)
    shipped.assertBodyContains({ data: { number, status: 'shipped' } })
    assert.isString(shipped.body().data.shipped_at)

    const delivered = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'delivered' })
    delivered.assertStatus(200)
    assert.isString(delivered.body().data.delivered_at)

    const order = await Order.findByOrFail('number', number)
    const events = await OrderEvent.query().where('order_id', order.id).orderBy('id')
    assert.deepEqual(
      events.map((event) => [
        event.fromStatus,
        event.toStatus,
        event.actorId,
        event.actorRole,
        event.userId,
      ]),
      [
        [null, 'pending', customer.id, 'customer', customer.id],
        ['pending', 'shipped', staff.id, 'staff', customer.id],
        ['shipped', 'delivered', staff.id, 'staff', customer.id],
      ]
    )
  })

  test('cancelling a pending order restocks exactly, by the owner or by staff', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const staff = await UserFactory.apply('admin').create()
    const a = await ProductFactory.merge({ stock: 10 }).create()
    const b = await ProductFactory.merge({ stock: 4 }).create()

    const first = await placeOrder(client, customer, [
      [a, 3],
      [b, 4],
    ])
    const second = await placeOrder(client, customer, [[a, 2]])
    await a.refresh()
    await b.refresh()
    assert.deepEqual([a.stock, b.stock], [5, 0])

    const byOwner = await client.post(`/api/v1/orders/${first}/cancel`).loginAs(customer)
    byOwner.assertStatus(200)
    byOwner.assertBodyContains({ data: { status: 'cancelled' } })
    await a.refresh()
    await b.refresh()
    assert.deepEqual([a.stock, b.stock], [8, 4])

    const byStaff = await client
      .patch(`/api/v1/admin/orders/${second}/status`)
      .loginAs(staff)
      .json({ status: 'cancelled' })
    byStaff.assertStatus(200)
    await a.refresh()
    assert.equal(a.stock, 10)

    const catalog = await client.get(`/api/v1/products/${b.id}`)
    assert.equal(catalog.body().data.stock, 4)
  })

  test('an illegal transition is 409 naming the allowed moves, and changes nothing', async ({
    client,
    assert,
  }) => {
    const customer = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const number = await placeOrder(client, customer, [[product, 2]])

    const early = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'delivered' })
    early.assertStatus(409)
    early.assertBodyContains({
      errors: [
        {
          code: 'E_INVALID_TRANSITION',
          from: 'pending',
          to: 'delivered',
          allowed: ['shipped', 'cancelled'],
        },
      ],
    })

    await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })
    const eventsBefore = await OrderEvent.query().count('* as total')

    const lateCancel = await client.post(`/api/v1/orders/${number}/cancel`).loginAs(customer)
    lateCancel.assertStatus(409)
    lateCancel.assertBodyContains({
      errors: [{ code: 'E_INVALID_TRANSITION', from: 'shipped', allowed: [] }],
    })
    const staffCancel = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'cancelled' })
    staffCancel.assertStatus(409)
    staffCancel.assertBodyContains({ errors: [{ allowed: ['delivered'] }] })
    const backwards = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'pending' })
    backwards.assertStatus(409)

    const order = await Order.findByOrFail('number', number)
    assert.equal(order.status, 'shipped')
    assert.isNull(order.cancelledAt)
    await product.refresh()
    assert.equal(product.stock, 3)
    const eventsAfter = await OrderEvent.query().count('* as total')
    assert.equal(Number(eventsAfter[0].$extras.total), Number(eventsBefore[0].$extras.total))

    const unknown = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'lost' })
    unknown.assertStatus(422)
  })

  test("another user's order, invoice, events or cancel is 404; customers cannot use staff routes", async ({
    client,
    assert,
  }) => {
    const owner = await UserFactory.create()
    const other = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const number = await placeOrder(client, owner, [[product, 1]])

    for (const request of [
      client.get(`/api/v1/orders/${number}`).loginAs(other),
      client.get(`/api/v1/orders/${number}/invoice`).loginAs(other),
      client.get(`/api/v1/orders/${number}/events`).loginAs(other),
      client.post(`/api/v1/orders/${number}/cancel`).loginAs(other),
      client.get('/api/v1/orders/SO-261122-ZZZZZZZZ').loginAs(owner),
    ]) {
      const response = await request
      response.assertStatus(404)
      response.assertBodyContains({ errors: [{ code: 'E_NOT_FOUND' }] })
    }
    // a path that cannot name an order is the same 404 (issue 15, item 3)
    const malformed = await client.get('/api/v1/orders/not-a-number').loginAs(owner)
    malformed.assertStatus(404)

    const ship = await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(owner)
      .json({ status: 'shipped' })
    ship.assertStatus(403)
    const list = await client.get('/api/v1/admin/orders').loginAs(owner)
    list.assertStatus(403)

    const order = await Order.findByOrFail('number', number)
    assert.equal(order.status, 'pending')
    ;(await client.get(`/api/v1/orders/${number}`)).assertStatus(401)
  })

  test('the invoice is a PDF naming the shop, the order, its lines and total', async ({
    client,
    assert,
  }) => {
    const owner = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({
      name: 'Espresso Machine',
      price: 34900,
      stock: 3,
    }).create()
    const number = await placeOrder(client, owner, [[product, 2]])

    for (const viewer of [owner, staff]) {
      const token = (await jwtSigner.sign(viewer)).value
      const response = await fetch(`${serverUrl()}/api/v1/orders/${number}/invoice`, {
        headers: { authorization: `Bearer ${token}` },
      })
      assert.equal(response.status, 200)
      assert.equal(response.headers.get('content-type'), 'application/pdf')
      const pdf = await readPdf(new Uint8Array(await response.arrayBuffer()))
      assert.equal(pdf.title, `Invoice ${number}`)
      assert.include(pdf.text, number)
      assert.include(pdf.text, 'Espresso Machine')
      assert.include(pdf.text, '698.00 USD')
      assert.include(pdf.text, 'Demo Shop')
      assert.include(pdf.text, owner.addressLine1!)
    }
  })

  test('order history: own orders only, newest first, paginated; staff filter every order', async ({
    client,
    assert,
  }) => {
    const alice = await UserFactory.create()
    const bob = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 100 }).create()
    const alices: string[] = []
    for (let index = 0; index < 3; index++) {
      alices.push(await placeOrder(client, alice, [[product, 1]]))
    }
    const bobs = await placeOrder(client, bob, [[product, 1]])
    await db.from('orders').where('number', alices[0]).update({ created_at: '2020-01-15 10:00:00' })

    for (const path of ['/api/v1/orders', '/api/v1/me/orders']) {
      const page1 = await client.get(`${path}?per_page=2`).loginAs(alice)
      page1.assertStatus(200)
      assert.deepEqual(
        page1.body().data.map((order: any) => order.number),
        [alices[2], alices[1]]
      )
      assert.deepInclude(page1.body().meta, {
        total: 3,
        per_page: 2,
        current_page: 1,
        last_page: 2,
        prev_cursor: null,
      })
      const page2 = await client.get(`${path}?per_page=2&page=2`).loginAs(alice)
      assert.deepEqual(
        page2.body().data.map((order: any) => order.number),
        [alices[0]]
      )
      assert.isNull(page2.body().meta.next_cursor)

      // The same page by cursor (issue 21, item 1): a seek, no count.
      const cursor = encodeURIComponent(page1.body().meta.next_cursor)
      const next = await client.get(`${path}?per_page=2&cursor=${cursor}`).loginAs(alice)
      next.assertStatus(200)
      assert.deepEqual(
        next.body().data.map((order: any) => order.number),
        [alices[0]]
      )
      assert.deepInclude(next.body().meta, {
        total: null,
        current_page: null,
        last_page: null,
        next_cursor: null,
      })
      const back = await client
        .get(`${path}?per_page=2&cursor=${encodeURIComponent(next.body().meta.prev_cursor)}`)
        .loginAs(alice)
      assert.deepEqual(
        back.body().data.map((order: any) => order.number),
        [alices[2], alices[1]]
      )
      assert.isNull(back.body().meta.prev_cursor)
      // Not with page, not another user's, not tampered with, not another per_page.
      ;(await client.get(`${path}?page=2&cursor=${cursor}`).loginAs(alice)).assertStatus(422)
      ;(await client.get(`${path}?per_page=2&cursor=${cursor}`).loginAs(bob)).assertStatus(422)
      ;(await client.get(`${path}?per_page=3&cursor=${cursor}`).loginAs(alice)).assertStatus(422)
      ;(await client.get(`${path}?per_page=2&cursor=x${cursor}`).loginAs(alice)).assertStatus(422)
    }
    ;(await client.get('/api/v1/orders?per_page=1000').loginAs(alice)).assertStatus(422)

    await client.post(`/api/v1/orders/${alices[1]}/cancel`).loginAs(alice)
    const cancelled = await client.get('/api/v1/admin/orders?status=cancelled').loginAs(staff)
    assert.deepEqual(
      cancelled.body().data.map((order: any) => order.number),
      [alices[1]]
    )
    const byUser = await client.get(`/api/v1/admin/orders?user_id=${bob.id}`).loginAs(staff)
    assert.deepEqual(
      byUser.body().data.map((order: any) => order.number),
      [bobs]
    )
    const old = await client.get('/api/v1/admin/orders?to=2020-12-31').loginAs(staff)
    assert.deepEqual(
      old.body().data.map((order: any) => order.number),
      [alices[0]]
    )
    const recent = await client
      .get('/api/v1/admin/orders?from=2021-01-01&per_page=100')
      .loginAs(staff)
    assert.equal(recent.body().meta.total, 3)
    ;(await client.get('/api/v1/admin/orders?from=yesterday').loginAs(staff)).assertStatus(422)
    ;(await client.get('/api/v1/admin/orders?status=lost').loginAs(staff)).assertStatus(422)
  })

  test('events after an id: what a reconnecting client missed, in order', async ({
    client,
    assert,
  }) => {
    const owner = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const number = await placeOrder(client, owner, [[product, 1]])

    const all = await client.get(`/api/v1/orders/${number}/events`).loginAs(owner)
    all.assertStatus(200)
    assert.lengthOf(all.body().data, 1)
    const seen = all.body().data[0].id

    await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })
    await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'delivered' })

    const missed = await client.get(`/api/v1/orders/${number}/events?after=${seen}`).loginAs(owner)
    assert.deepEqual(
      missed.body().data.map((event: any) => [event.order_number, event.from, event.to]),
      [
        [number, 'pending', 'shipped'],
        [number, 'shipped', 'delivered'],
      ]
    )
    assert.isAbove(missed.body().data[0].id, seen)
    ;(await client.get(`/api/v1/orders/${number}/events?after=-1`).loginAs(owner)).assertStatus(422)
  })
})

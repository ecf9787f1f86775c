import { test } from '@japa/runner'
import db from '@adonisjs/lucid/services/db'
import transmit from '@adonisjs/transmit/services/main'
import OrderEvent from '#models/order_event'
import type User from '#models/user'
import { ProductFactory } from '#database/factories/catalog_factory'
import { UserFactory } from '#database/factories/user_factory'
import { truncateAll } from '#tests/support/database'
import { LiveClient } from '#tests/support/live_client'
import { serverUrl } from '#tests/support/app_process'
import { jwtSigner } from '#config/auth'
import { OrderLifecycleService } from '#services/order_lifecycle_service'
import { placeOrder } from '#tests/support/orders'
import { createProductWithVariants } from '#tests/support/variants'

async function tokenFor(user: User) {
  return (await jwtSigner.sign(user)).value
}

async function subscribeRaw(channel: string, token?: string) {
  return fetch(`${serverUrl()}/__transmit/subscribe`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ uid: 'test-client-0001', channel }),
  })
}

test.group('Real time: Transmit channels', (group) => {
  group.each.setup(() => truncateAll())

  test("a user hears their order's status change; the payload is the order_events row", async ({
    client,
    assert,
    cleanup,
  }) => {
    const alice = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 5 }).create()
    const number = await placeOrder(client, alice, [[product, 1]])

    const live = new LiveClient({ token: await tokenFor(alice) })
    cleanup(() => live.close())
    const channel = await live.subscribe(`users/${alice.id}/orders`)
    assert.equal(channel.status, 204)

    await client
      .patch(`/api/v1/admin/orders/${number}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })

    const message = await channel.next((event: any) => event.to === 'shipped')
    const row = await OrderEvent.query().where('to_status', 'shipped').firstOrFail()
    assert.containsSubset(message, {
      id: row.id,
      order_number: number,
      from: 'pending',
      to: 'shipped',
    })
    assert.isString(message.at)
  })

  test("another user's channel is refused: 403 with a token, 401 without, 404 for no such channel", async ({
    assert,
    cleanup,
  }) => {
    const alice = await UserFactory.create()
    const bob = await UserFactory.create()
    const bobsClient = new LiveClient({ token: await tokenFor(bob) })
    cleanup(() => bobsClient.close())
    const refused = await bobsClient.subscribe(`users/${alice.id}/orders`)
    assert.equal(refused.status, 403)

    const anonymous = await subscribeRaw(`users/${alice.id}/orders`)
    assert.equal(anonymous.status, 401)
    assert.equal(((await anonymous.json()) as any).errors[0].code, 'E_TOKEN_MISSING')
    assert.equal(anonymous.headers.get('www-authenticate'), 'Bearer realm="api"')

    const forged = await subscribeRaw(`users/${alice.id}/orders`, 'not-a-jwt')
    assert.equal(forged.status, 401)
    assert.equal(((await forged.json()) as any).errors[0].code, 'E_TOKEN_INVALID')
    assert.match(forged.headers.get('www-authenticate') ?? '', /error="invalid_token"/)

    const customerOnStaff = await subscribeRaw('staff/orders', await tokenFor(alice))
    assert.equal(customerOnStaff.status, 403)
    assert.equal(((await customerOnStaff.json()) as any).errors[0].code, 'E_FORBIDDEN')

    const unknown = await subscribeRaw('everything', await tokenFor(alice))
    assert.equal(unknown.status, 404)

    const noUid = await fetch(`${serverUrl()}/__transmit/events`)
    assert.equal(noUid.status, 422)
  })

  test('staff hear every new order, status change and low-stock alert', async ({
    client,
    assert,
    cleanup,
  }) => {
    const staff = await UserFactory.apply('admin').create()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 6, lowStockThreshold: 3 }).create()

    const live = new LiveClient({ token: await tokenFor(staff) })
    cleanup(() => live.close())
    const channel = await live.subscribe('staff/orders')
    assert.equal(channel.status, 204)

    const number = await placeOrder(client, customer, [[product, 3]])
    const created = await channel.next((event: any) => event.to === 'pending')
    assert.equal(created.order_number, number)
    const lowStock = await channel.next((event: any) => event.type === 'low_stock')
    assert.containsSubset(lowStock, { order_number: number, product_id: product.id, stock: 3 })

    await client.post(`/api/v1/orders/${number}/cancel`).loginAs(customer)
    const cancelled = await channel.next((event: any) => event.to === 'cancelled')
    assert.equal(cancelled.from, 'pending')
  })

  test('anyone may follow a product stock: checkouts, cancellations and staff edits', async ({
    client,
    assert,
    cleanup,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const product = await ProductFactory.merge({ stock: 10 }).create()

    const live = new LiveClient()
    cleanup(() => live.close())
    const channel = await live.subscribe(`products/${product.id}/stock`)
    assert.equal(channel.status, 204)

    const number = await placeOrder(client, customer, [[product, 4]])
    assert.containsSubset(await channel.next((event: any) => event.stock === 6), {
      product_id: product.id,
    })
    await client.post(`/api/v1/orders/${number}/cancel`).loginAs(customer)
    await channel.next((event: any) => event.stock === 10)
    // Staff move stock only by adjustments (issue 14, finding 7).
    await client
      .post(`/api/v1/products/${product.id}/stock-adjustments`)
      .loginAs(staff)
      .json({ delta: 15, reason: 'restock' })
    await channel.next((event: any) => event.stock === 25)
    assert.deepEqual(
      channel.messages.map((event: any) => event.stock),
      [6, 10, 25]
    )
  })

  test('a product stock channel carries each variant that moved: a sale of one size, a staff adjustment of another', async ({
    client,
    assert,
    cleanup,
  }) => {
    const staff = await UserFactory.apply('staff').create()
    const customer = await UserFactory.create()
    const { product, variants } = await createProductWithVariants({
      name: 'Tee',
      options: [{ name: 'Size', values: ['M', 'L'] }],
      variants: [
        { sku: 'LIVE-M', values: ['M'], price: 1500, stock: 3 },
        { sku: 'LIVE-L', values: ['L'], price: 1500, stock: 4 },
      ],
    })
    const [medium, large] = variants

    const live = new LiveClient()
    cleanup(() => live.close())
    const channel = await live.subscribe(`products/${product.id}/stock`)
    assert.equal(channel.status, 204)

    const sale = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .json({
        items: [{ sku: 'LIVE-M', quantity: 3 }],
        shipping_address: {
          full_name: 'Ada',
          line1: '1 Road',
          city: 'Town',
          postal_code: '1000',
          country: 'BE',
        },
      })
    sale.assertStatus(201)
    assert.deepEqual(await channel.next((event: any) => event.stock === 4), {
      product_id: product.id,
      stock: 4,
      in_stock: true,
      variants: [{ id: medium.id, sku: 'LIVE-M', stock: 0, in_stock: false }],
      at: (channel.messages.at(-1) as any).at,
    })
    const adjusted = await client
      .post(`/api/v1/variants/${large.id}/stock-adjustments`)
      .loginAs(staff)
      .json({ delta: -4, reason: 'damaged' })
    adjusted.assertStatus(200)
    const emptied: any = await channel.next((event: any) => event.stock === 0)
    assert.isFalse(emptied.in_stock)
    assert.deepEqual(emptied.variants, [{ id: large.id, sku: 'LIVE-L', stock: 0, in_stock: false }])
  })

  test('a rolled-back change broadcasts nothing', async ({ client, assert, cleanup }) => {
    const customer = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 3 }).create()
    const first = await placeOrder(client, customer, [[product, 1]])
    const second = await placeOrder(client, customer, [[product, 1]])

    const broadcasts: Array<{ channel: string; payload: any }> = []
    const stop = transmit.on('broadcast', (event) => broadcasts.push(event as any))
    cleanup(() => stop())
    const live = new LiveClient({ token: await tokenFor(customer) })
    cleanup(() => live.close())
    const channel = await live.subscribe(`users/${customer.id}/orders`)

    const lifecycle = new OrderLifecycleService()
    const trx = await db.transaction()
    await lifecycle.transition(first, 'shipped', staff, trx)
    await trx.rollback()

    const failed = await client
      .post('/api/v1/orders')
      .loginAs(customer)
      .json({ items: [{ product_id: product.id, quantity: 50 }] })
    failed.assertStatus(409)

    await client
      .patch(`/api/v1/admin/orders/${second}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })
    const message = await channel.next()
    assert.equal(message.order_number, second)
    assert.deepEqual(
      channel.messages.map((event: any) => event.order_number),
      [second]
    )
    assert.notInclude(
      broadcasts.map((event) => event.payload.order_number),
      first
    )
    assert.equal(
      await OrderEvent.query()
        .where('to_status', 'shipped')
        .count('* as total')
        .then((rows) => Number(rows[0].$extras.total)),
      1
    )
  })

  test('a client that was away asks for what it missed, in order, and only its own', async ({
    client,
    assert,
  }) => {
    const alice = await UserFactory.create()
    const bob = await UserFactory.create()
    const staff = await UserFactory.apply('staff').create()
    const product = await ProductFactory.merge({ stock: 10 }).create()
    const a1 = await placeOrder(client, alice, [[product, 1]])
    const seen = (await client.get('/api/v1/me/events').loginAs(alice)).body().data.at(-1).id
    const a2 = await placeOrder(client, alice, [[product, 1]])
    await placeOrder(client, bob, [[product, 1]])
    await client
      .patch(`/api/v1/admin/orders/${a1}/status`)
      .loginAs(staff)
      .json({ status: 'shipped' })

    const missed = await client.get(`/api/v1/me/events?after=${seen}`).loginAs(alice)
    missed.assertStatus(200)
    assert.deepEqual(
      missed.body().data.map((event: any) => [event.order_number, event.from, event.to]),
      [
        [a2, null, 'pending'],
        [a1, 'pending', 'shipped'],
      ]
    )
    const ids = missed.body().data.map((event: any) => event.id)
    assert.deepEqual(
      ids,
      [...ids].sort((x: number, y: number) => x - y)
    )
    ;(await client.get('/api/v1/me/events?after=abc').loginAs(alice)).assertStatus(422)
    ;(await client.get('/api/v1/me/events')).assertStatus(401)
  })
})
